package org.outagepredictor.alerting;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.util.Preconditions;
import org.outagepredictor.features.LabelOptions;

/**
 * The alert policy's settings, read once from the job configuration and validated together.
 *
 * <table>
 *   <caption>Options</caption>
 *   <tr><th>Key</th><th>Default</th><th>Meaning</th></tr>
 *   <tr><td>{@code alerts.trigger-threshold}</td><td>0.4</td>
 *       <td>An alert opens when the probability reaches this, in (0, 1].</td></tr>
 *   <tr><td>{@code alerts.resolve-threshold}</td><td>0.25</td>
 *       <td>An open alert resolves when the probability falls below this; must be lower than
 *       the trigger threshold (hysteresis).</td></tr>
 *   <tr><td>{@code alerts.cooldown}</td><td>30 min</td>
 *       <td>After a resolve, no new alert opens for the device for this long.</td></tr>
 *   <tr><td>{@code alerts.stale-after}</td><td>6 h</td>
 *       <td>An open alert whose device sends no snapshot for this long resolves itself.</td></tr>
 *   <tr><td>{@code alerts.max-reasons}</td><td>3</td>
 *       <td>How many feature contributions an alert lists as its reasons.</td></tr>
 *   <tr><td>{@code alerts.suspect-change-window}</td><td>24 h</td>
 *       <td>Changes this close before the alert are listed as suspects.</td></tr>
 *   <tr><td>{@code model.horizon}</td><td>2 h</td>
 *       <td>The horizon the model predicts for, shown in alerts; whole minutes, at least one.</td>
 *   </tr>
 * </table>
 */
public final class AlertPolicyOptions implements Serializable {

    private static final long serialVersionUID = 1L;

    public static final ConfigOption<Double> TRIGGER_THRESHOLD =
            ConfigOptions.key("alerts.trigger-threshold")
                    .doubleType()
                    .defaultValue(0.4)
                    .withDescription("Probability at or above which an alert opens; in (0, 1].");

    public static final ConfigOption<Double> RESOLVE_THRESHOLD =
            ConfigOptions.key("alerts.resolve-threshold")
                    .doubleType()
                    .defaultValue(0.25)
                    .withDescription(
                            "Probability below which an open alert resolves; lower than the"
                                    + " trigger threshold, so that a probability hovering near"
                                    + " one threshold cannot open and close alerts in turn.");

    public static final ConfigOption<Duration> COOLDOWN =
            ConfigOptions.key("alerts.cooldown")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(30))
                    .withDescription(
                            "After an alert resolves, how long no new alert opens for the device.");

    public static final ConfigOption<Duration> STALE_AFTER =
            ConfigOptions.key("alerts.stale-after")
                    .durationType()
                    .defaultValue(Duration.ofHours(6))
                    .withDescription(
                            "An open alert whose device sends no new snapshot for this long (in"
                                    + " event time) resolves itself as stale.");

    public static final ConfigOption<Integer> MAX_REASONS =
            ConfigOptions.key("alerts.max-reasons")
                    .intType()
                    .defaultValue(3)
                    .withDescription(
                            "How many of the largest positive feature contributions an alert"
                                    + " lists as its reasons.");

    public static final ConfigOption<Duration> SUSPECT_CHANGE_WINDOW =
            ConfigOptions.key("alerts.suspect-change-window")
                    .durationType()
                    .defaultValue(Duration.ofHours(24))
                    .withDescription(
                            "Changes on the device at most this long before an alert are listed"
                                    + " in it as suspects.");

    public final double triggerThreshold;
    public final double resolveThreshold;
    public final Duration cooldown;
    public final Duration staleAfter;
    public final int maxReasons;
    public final Duration suspectChangeWindow;
    public final Duration horizon;

    private AlertPolicyOptions(ReadableConfig config) {
        this.triggerThreshold = config.get(TRIGGER_THRESHOLD);
        this.resolveThreshold = config.get(RESOLVE_THRESHOLD);
        this.cooldown = config.get(COOLDOWN);
        this.staleAfter = config.get(STALE_AFTER);
        this.maxReasons = config.get(MAX_REASONS);
        this.suspectChangeWindow = config.get(SUSPECT_CHANGE_WINDOW);
        this.horizon = config.get(LabelOptions.HORIZON);
        validate();
    }

    /**
     * Reads and validates the options; absent keys take their defaults.
     *
     * @throws IllegalArgumentException naming the offending key and value
     */
    public static AlertPolicyOptions from(ReadableConfig config) {
        Preconditions.checkNotNull(config, "config must not be null");
        return new AlertPolicyOptions(config);
    }

    public static AlertPolicyOptions defaults() {
        return from(new Configuration());
    }

    /** Every option this class reads, for documentation and for listing a job's settings. */
    public static List<ConfigOption<?>> options() {
        return List.of(
                TRIGGER_THRESHOLD,
                RESOLVE_THRESHOLD,
                COOLDOWN,
                STALE_AFTER,
                MAX_REASONS,
                SUSPECT_CHANGE_WINDOW);
    }

    /** The horizon in whole minutes, as alerts carry it. */
    public int horizonMinutes() {
        return (int) horizon.toMinutes();
    }

    private void validate() {
        // Every comparison with NaN is false, so these checks reject a NaN threshold too.
        Preconditions.checkArgument(
                triggerThreshold > 0.0 && triggerThreshold <= 1.0,
                "%s must be in (0, 1], was %s",
                TRIGGER_THRESHOLD.key(),
                triggerThreshold);
        Preconditions.checkArgument(
                resolveThreshold >= 0.0 && resolveThreshold < triggerThreshold,
                "%s must be at least 0 and lower than %s (%s), was %s; equal thresholds would let"
                        + " a probability that hovers around them open and resolve alerts in turn",
                RESOLVE_THRESHOLD.key(),
                TRIGGER_THRESHOLD.key(),
                triggerThreshold,
                resolveThreshold);
        Preconditions.checkArgument(
                !cooldown.isNegative(),
                "%s must not be negative, was %s",
                COOLDOWN.key(),
                cooldown);
        Preconditions.checkArgument(
                !staleAfter.isNegative() && !staleAfter.isZero(),
                "%s must be positive, was %s",
                STALE_AFTER.key(),
                staleAfter);
        Preconditions.checkArgument(
                maxReasons >= 0, "%s must not be negative, was %s", MAX_REASONS.key(), maxReasons);
        Preconditions.checkArgument(
                !suspectChangeWindow.isNegative(),
                "%s must not be negative, was %s",
                SUSPECT_CHANGE_WINDOW.key(),
                suspectChangeWindow);
        Preconditions.checkArgument(
                horizon.toMinutes() >= 1
                        && horizon.toMinutes() <= Integer.MAX_VALUE
                        && horizon.equals(Duration.ofMinutes(horizon.toMinutes())),
                "%s must be a whole number of minutes, at least one, was %s",
                LabelOptions.HORIZON.key(),
                horizon);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof AlertPolicyOptions)) {
            return false;
        }
        AlertPolicyOptions that = (AlertPolicyOptions) o;
        return Double.compare(triggerThreshold, that.triggerThreshold) == 0
                && Double.compare(resolveThreshold, that.resolveThreshold) == 0
                && maxReasons == that.maxReasons
                && cooldown.equals(that.cooldown)
                && staleAfter.equals(that.staleAfter)
                && suspectChangeWindow.equals(that.suspectChangeWindow)
                && horizon.equals(that.horizon);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                triggerThreshold,
                resolveThreshold,
                cooldown,
                staleAfter,
                maxReasons,
                suspectChangeWindow,
                horizon);
    }

    @Override
    public String toString() {
        return TRIGGER_THRESHOLD.key()
                + "="
                + triggerThreshold
                + ", "
                + RESOLVE_THRESHOLD.key()
                + "="
                + resolveThreshold
                + ", "
                + COOLDOWN.key()
                + "="
                + cooldown
                + ", "
                + STALE_AFTER.key()
                + "="
                + staleAfter
                + ", "
                + MAX_REASONS.key()
                + "="
                + maxReasons
                + ", "
                + SUSPECT_CHANGE_WINDOW.key()
                + "="
                + suspectChangeWindow
                + ", "
                + LabelOptions.HORIZON.key()
                + "="
                + horizon;
    }
}
