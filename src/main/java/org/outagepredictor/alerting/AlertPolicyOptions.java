package org.outagepredictor.alerting;

import java.io.Serializable;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
 *   <tr><td>{@code alerts.min-duration}</td><td>0 s</td>
 *       <td>The probability must stay at or above the trigger threshold this long first.</td></tr>
 *   <tr><td>{@code alerts.cooldown}</td><td>30 min</td>
 *       <td>After a resolve, no new alert opens for the device for this long.</td></tr>
 *   <tr><td>{@code alerts.stale-after}</td><td>6 h</td>
 *       <td>An open alert whose device sends no snapshot for this long resolves itself.</td></tr>
 *   <tr><td>{@code alerts.refresh-interval}</td><td>5 min</td>
 *       <td>An open alert is sent again as a REFRESH this often (0: never).</td></tr>
 *   <tr><td>{@code alerts.unapproved-change-trigger-threshold}</td><td>halfway</td>
 *       <td>The trigger threshold after an unapproved change.</td></tr>
 *   <tr><td>{@code alerts.unapproved-change-window}</td><td>2 h</td>
 *       <td>How long after an unapproved change that lower threshold holds.</td></tr>
 *   <tr><td>{@code alerts.incident-quiet-period}</td><td>2 h</td>
 *       <td>After an outage incident opens on a device, no prediction opens for it.</td></tr>
 *   <tr><td>{@code alerts.maintenance-windows}</td><td>none</td>
 *       <td>Windows in which no prediction opens ({@link MaintenanceWindows}).</td></tr>
 *   <tr><td>{@code alerts.severity.critical}, {@code .error}</td><td>0.8, 0.6</td>
 *       <td>Probabilities from which an alert is critical, or an error; below, a warning.</td></tr>
 *   <tr><td>{@code alerts.severity.device-class-minimum}</td><td>none</td>
 *       <td>{@code class:severity} entries: the least severity of a device class's alerts.</td></tr>
 *   <tr><td>{@code alerts.dashboard-url}</td><td>none</td>
 *       <td>A link in each alert; {@code {deviceId}} and {@code {jobId}} are replaced.</td></tr>
 *   <tr><td>{@code alerts.change-links}</td><td>none</td>
 *       <td>{@code source=url} entries; {@code {id}} in the URL is the change's id.</td></tr>
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

    public static final ConfigOption<Duration> MIN_DURATION =
            ConfigOptions.key("alerts.min-duration")
                    .durationType()
                    .defaultValue(Duration.ZERO)
                    .withDescription(
                            "How long (in event time) the probability must stay at or above the"
                                    + " trigger threshold before an alert opens; a snapshot below"
                                    + " it starts the wait again. 0 opens at the first snapshot"
                                    + " above, as Prometheus rules without 'for' do.");

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

    public static final ConfigOption<Duration> REFRESH_INTERVAL =
            ConfigOptions.key("alerts.refresh-interval")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(5))
                    .withDescription(
                            "While an alert is open, it is sent again as a REFRESH (current risk,"
                                    + " same dedup key) at the first snapshot this long (event"
                                    + " time) after the last send. Only receivers that forget"
                                    + " alerts not sent again (Alertmanager) get refreshes."
                                    + " 0 sends none.");

    public static final ConfigOption<Double> UNAPPROVED_CHANGE_TRIGGER_THRESHOLD =
            ConfigOptions.key("alerts.unapproved-change-trigger-threshold")
                    .doubleType()
                    .noDefaultValue()
                    .withDescription(
                            "The trigger threshold of a device with an unapproved (UNAUTHORISED)"
                                    + " change in the last alerts.unapproved-change-window: a"
                                    + " change nobody planned is watched by nobody. At most the"
                                    + " trigger threshold, above the resolve threshold. Default:"
                                    + " halfway between the two (0.325 with their defaults).");

    public static final ConfigOption<Duration> UNAPPROVED_CHANGE_WINDOW =
            ConfigOptions.key("alerts.unapproved-change-window")
                    .durationType()
                    .defaultValue(Duration.ofHours(2))
                    .withDescription(
                            "How long after an unapproved change its device alerts from the lower"
                                    + " alerts.unapproved-change-trigger-threshold.");

    public static final ConfigOption<Duration> INCIDENT_QUIET_PERIOD =
            ConfigOptions.key("alerts.incident-quiet-period")
                    .durationType()
                    .defaultValue(Duration.ofHours(2))
                    .withDescription(
                            "After an outage incident (labels.outage-priorities) opens on a"
                                    + " device, no prediction opens for it for this long: the"
                                    + " outage is there and the service desk has it. An open"
                                    + " prediction closes when the incident opens.");

    public static final ConfigOption<List<String>> MAINTENANCE_WINDOWS =
            ConfigOptions.key("alerts.maintenance-windows")
                    .stringType()
                    .asList()
                    .defaultValues()
                    .withDescription(
                            "Windows in which no prediction opens for the devices they name, as"
                                    + " DEVICES=FROM/TO entries separated by ';'. DEVICES is a"
                                    + " device id or a glob (db-*, *); FROM/TO are ISO-8601"
                                    + " instants (2026-12-05T22:00:00Z/2026-12-06T02:00:00Z) or a"
                                    + " weekly window in UTC (SUN 02:00/SUN 04:00).");

    public static final ConfigOption<Double> SEVERITY_CRITICAL =
            ConfigOptions.key("alerts.severity.critical")
                    .doubleType()
                    .defaultValue(0.8)
                    .withDescription("Alerts opened at least at this probability are critical.");

    public static final ConfigOption<Double> SEVERITY_ERROR =
            ConfigOptions.key("alerts.severity.error")
                    .doubleType()
                    .defaultValue(0.6)
                    .withDescription(
                            "Alerts opened at least at this probability (and below critical) are"
                                    + " errors; the rest are warnings.");

    public static final ConfigOption<List<String>> SEVERITY_DEVICE_CLASS_MINIMUM =
            ConfigOptions.key("alerts.severity.device-class-minimum")
                    .stringType()
                    .asList()
                    .defaultValues()
                    .withDescription(
                            "The least severity of a device class's alerts, as class:severity"
                                    + " entries separated by ';' (firewall:critical;router:error):"
                                    + " a core device's predicted outage pages harder than a"
                                    + " test server's.");

    public static final ConfigOption<String> DASHBOARD_URL =
            ConfigOptions.key("alerts.dashboard-url")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "A link for people in every alert, {deviceId} replaced by the device"
                                    + " id and {jobId} by the Flink job's id, e.g."
                                    + " http://flink-jobmanager:8081/#/job/running/{jobId}/overview."
                                    + " Sent as PagerDuty links, Alertmanager generatorURL, a"
                                    + " button in Slack and Teams, and an Opsgenie detail.");

    public static final ConfigOption<List<String>> CHANGE_LINKS =
            ConfigOptions.key("alerts.change-links")
                    .stringType()
                    .asList()
                    .defaultValues()
                    .withDescription(
                            "Links to suspect changes in their source, as source=url entries"
                                    + " separated by ';', {id} in the url replaced by the"
                                    + " change's id, e.g. servicenow=https://acme.service-now.com"
                                    + "/change_request.do?sysparm_query=number={id}.");

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
    public final Duration minDuration;
    public final Duration cooldown;
    public final Duration staleAfter;
    public final Duration refreshInterval;
    public final double unapprovedChangeTriggerThreshold;
    public final Duration unapprovedChangeWindow;
    public final Duration incidentQuietPeriod;
    public final MaintenanceWindows maintenanceWindows;
    public final double severityCritical;
    public final double severityError;

    /** Least severity per lower-case device class. */
    public final Map<String, AlertSeverity> deviceClassMinimumSeverity;

    /** The dashboard link template, or {@code null}. */
    public final String dashboardUrl;

    /** Change link templates per source. */
    public final Map<String, String> changeLinks;

    public final int maxReasons;
    public final Duration suspectChangeWindow;
    public final Duration horizon;

    private AlertPolicyOptions(ReadableConfig config) {
        this.triggerThreshold = config.get(TRIGGER_THRESHOLD);
        this.resolveThreshold = config.get(RESOLVE_THRESHOLD);
        this.minDuration = config.get(MIN_DURATION);
        this.cooldown = config.get(COOLDOWN);
        this.staleAfter = config.get(STALE_AFTER);
        this.refreshInterval = config.get(REFRESH_INTERVAL);
        this.unapprovedChangeTriggerThreshold =
                config.getOptional(UNAPPROVED_CHANGE_TRIGGER_THRESHOLD)
                        .orElse((triggerThreshold + resolveThreshold) / 2);
        this.unapprovedChangeWindow = config.get(UNAPPROVED_CHANGE_WINDOW);
        this.incidentQuietPeriod = config.get(INCIDENT_QUIET_PERIOD);
        this.maintenanceWindows =
                MaintenanceWindows.parse(
                        config.get(MAINTENANCE_WINDOWS), MAINTENANCE_WINDOWS.key());
        this.severityCritical = config.get(SEVERITY_CRITICAL);
        this.severityError = config.get(SEVERITY_ERROR);
        this.deviceClassMinimumSeverity = minimumSeverities(config);
        this.dashboardUrl = config.getOptional(DASHBOARD_URL).orElse(null);
        this.changeLinks = changeLinks(config);
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
                MIN_DURATION,
                COOLDOWN,
                STALE_AFTER,
                REFRESH_INTERVAL,
                UNAPPROVED_CHANGE_TRIGGER_THRESHOLD,
                UNAPPROVED_CHANGE_WINDOW,
                INCIDENT_QUIET_PERIOD,
                MAINTENANCE_WINDOWS,
                SEVERITY_CRITICAL,
                SEVERITY_ERROR,
                SEVERITY_DEVICE_CLASS_MINIMUM,
                DASHBOARD_URL,
                CHANGE_LINKS,
                MAX_REASONS,
                SUSPECT_CHANGE_WINDOW);
    }

    /** The horizon in whole minutes, as alerts carry it. */
    public int horizonMinutes() {
        return (int) horizon.toMinutes();
    }

    private static Map<String, AlertSeverity> minimumSeverities(ReadableConfig config) {
        Map<String, AlertSeverity> minimum = new LinkedHashMap<>();
        for (String entry : config.get(SEVERITY_DEVICE_CLASS_MINIMUM)) {
            String[] parts = entry.split(":", -1);
            Preconditions.checkArgument(
                    parts.length == 2 && !parts[0].isBlank(),
                    "%s entries are class:severity, was '%s'",
                    SEVERITY_DEVICE_CLASS_MINIMUM.key(),
                    entry);
            AlertSeverity severity;
            try {
                severity = AlertSeverity.valueOf(parts[1].trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        SEVERITY_DEVICE_CLASS_MINIMUM.key()
                                + " entry '"
                                + entry
                                + "': severity must be warning, error or critical",
                        e);
            }
            minimum.put(parts[0].trim().toLowerCase(Locale.ROOT), severity);
        }
        return minimum;
    }

    private static Map<String, String> changeLinks(ReadableConfig config) {
        Map<String, String> links = new LinkedHashMap<>();
        for (String entry : config.get(CHANGE_LINKS)) {
            int equals = entry.indexOf('=');
            Preconditions.checkArgument(
                    equals > 0 && entry.contains("{id}"),
                    "%s entries are source=url with {id} in the url, was '%s'",
                    CHANGE_LINKS.key(),
                    entry);
            links.put(entry.substring(0, equals).trim(), entry.substring(equals + 1).trim());
        }
        return links;
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
                unapprovedChangeTriggerThreshold > resolveThreshold
                        && unapprovedChangeTriggerThreshold <= triggerThreshold,
                "%s must be above %s (%s) and at most %s (%s), was %s",
                UNAPPROVED_CHANGE_TRIGGER_THRESHOLD.key(),
                RESOLVE_THRESHOLD.key(),
                resolveThreshold,
                TRIGGER_THRESHOLD.key(),
                triggerThreshold,
                unapprovedChangeTriggerThreshold);
        checkNotNegative(MIN_DURATION, minDuration);
        checkNotNegative(COOLDOWN, cooldown);
        checkNotNegative(REFRESH_INTERVAL, refreshInterval);
        checkNotNegative(UNAPPROVED_CHANGE_WINDOW, unapprovedChangeWindow);
        checkNotNegative(INCIDENT_QUIET_PERIOD, incidentQuietPeriod);
        checkNotNegative(SUSPECT_CHANGE_WINDOW, suspectChangeWindow);
        Preconditions.checkArgument(
                !staleAfter.isNegative() && !staleAfter.isZero(),
                "%s must be positive, was %s",
                STALE_AFTER.key(),
                staleAfter);
        Preconditions.checkArgument(
                severityError > 0 && severityError <= severityCritical && severityCritical <= 1,
                "Need 0 < %s <= %s <= 1, were %s and %s",
                SEVERITY_ERROR.key(),
                SEVERITY_CRITICAL.key(),
                severityError,
                severityCritical);
        Preconditions.checkArgument(
                maxReasons >= 0, "%s must not be negative, was %s", MAX_REASONS.key(), maxReasons);
        Preconditions.checkArgument(
                horizon.toMinutes() >= 1
                        && horizon.toMinutes() <= Integer.MAX_VALUE
                        && horizon.equals(Duration.ofMinutes(horizon.toMinutes())),
                "%s must be a whole number of minutes, at least one, was %s",
                LabelOptions.HORIZON.key(),
                horizon);
    }

    private static void checkNotNegative(ConfigOption<Duration> option, Duration value) {
        Preconditions.checkArgument(
                !value.isNegative(), "%s must not be negative, was %s", option.key(), value);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof AlertPolicyOptions)) {
            return false;
        }
        return toString().equals(o.toString());
    }

    @Override
    public int hashCode() {
        return Objects.hash(toString());
    }

    /** Every setting as {@code key=value}, in the order of {@link #options()}. */
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
                + MIN_DURATION.key()
                + "="
                + minDuration
                + ", "
                + COOLDOWN.key()
                + "="
                + cooldown
                + ", "
                + STALE_AFTER.key()
                + "="
                + staleAfter
                + ", "
                + REFRESH_INTERVAL.key()
                + "="
                + refreshInterval
                + ", "
                + UNAPPROVED_CHANGE_TRIGGER_THRESHOLD.key()
                + "="
                + unapprovedChangeTriggerThreshold
                + ", "
                + UNAPPROVED_CHANGE_WINDOW.key()
                + "="
                + unapprovedChangeWindow
                + ", "
                + INCIDENT_QUIET_PERIOD.key()
                + "="
                + incidentQuietPeriod
                + ", "
                + MAINTENANCE_WINDOWS.key()
                + "="
                + maintenanceWindows
                + ", "
                + SEVERITY_CRITICAL.key()
                + "="
                + severityCritical
                + ", "
                + SEVERITY_ERROR.key()
                + "="
                + severityError
                + ", "
                + SEVERITY_DEVICE_CLASS_MINIMUM.key()
                + "="
                + deviceClassMinimumSeverity
                + ", "
                + DASHBOARD_URL.key()
                + "="
                + dashboardUrl
                + ", "
                + CHANGE_LINKS.key()
                + "="
                + changeLinks
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
