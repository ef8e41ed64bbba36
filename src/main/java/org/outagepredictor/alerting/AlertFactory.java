package org.outagepredictor.alerting;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Objects;
import java.util.stream.IntStream;
import org.apache.flink.util.Preconditions;
import org.outagepredictor.event.ChangeRef;
import org.outagepredictor.features.Feature;
import org.outagepredictor.features.FeatureSnapshot;
import org.outagepredictor.model.LogisticModel;

/**
 * Builds the {@link Alert}s that {@link AlertPolicy} transitions call for, with their explanations:
 * the features that pushed the risk up most, and the changes shortly before.
 *
 * <p>Explaining costs a few small allocations, which is fine because it happens only when an alert
 * opens, not for every snapshot.
 */
public final class AlertFactory implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The resolution of an alert whose device sent no snapshot for {@code stale-after}. */
    public static final String STALE_RESOLUTION = "stale: no data";

    private static final int BIAS = Feature.BIAS.ordinal();
    private static final Feature[] FEATURES = Feature.values();

    private final int maxReasons;
    private final long suspectChangeWindowMillis;
    private final int horizonMinutes;
    private final String riskFellResolution;

    public AlertFactory(AlertPolicyOptions options) {
        Preconditions.checkNotNull(options, "options must not be null");
        this.maxReasons = options.maxReasons;
        this.suspectChangeWindowMillis = options.suspectChangeWindow.toMillis();
        this.horizonMinutes = options.horizonMinutes();
        this.riskFellResolution = "risk fell below " + AlertText.percent(options.resolveThreshold);
    }

    /**
     * The TRIGGER for a snapshot whose probability under {@code model} opened an alert with {@code
     * dedupKey}.
     */
    public Alert trigger(
            FeatureSnapshot snapshot, LogisticModel model, double probability, String dedupKey) {
        Alert alert =
                base(snapshot.deviceId, snapshot.deviceClass, snapshot.eventTime, model.version());
        alert.status = AlertStatus.TRIGGER;
        alert.probability = probability;
        alert.dedupKey = dedupKey;
        alert.reasons = reasons(model, snapshot.values);
        alert.suspectChanges = suspectChanges(snapshot.recentChanges, snapshot.eventTime);
        return alert;
    }

    /** The RESOLVE for an alert closed because the probability fell below the threshold. */
    public Alert resolvedByRisk(
            FeatureSnapshot snapshot, long modelVersion, double probability, AlertState resolved) {
        Alert alert =
                base(snapshot.deviceId, snapshot.deviceClass, resolved.resolvedAt, modelVersion);
        alert.status = AlertStatus.RESOLVE;
        alert.probability = probability;
        alert.dedupKey = resolved.dedupKey;
        alert.resolution = riskFellResolution;
        return alert;
    }

    /**
     * The RESOLVE for an alert closed because its device went quiet; it carries the last
     * probability seen and the version of the model that gave it.
     */
    public Alert resolvedStale(String deviceId, AlertState resolved) {
        Alert alert =
                base(deviceId, resolved.deviceClass, resolved.resolvedAt, resolved.modelVersion);
        alert.status = AlertStatus.RESOLVE;
        alert.probability = resolved.lastProbability;
        alert.dedupKey = resolved.dedupKey;
        alert.resolution = STALE_RESOLUTION;
        return alert;
    }

    /**
     * The up to {@code max-reasons} features with the largest positive contributions {@code w_i *
     * x_i}, largest first, ties in feature order. {@link Feature#BIAS} is left out: the baseline
     * risk is the same for every device and explains nothing about this one.
     */
    public Reason[] reasons(LogisticModel model, double[] values) {
        double[] contributions = model.contributions(values);
        return IntStream.range(0, contributions.length)
                .filter(i -> i != BIAS && contributions[i] > 0.0)
                .boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> contributions[i]).reversed())
                .limit(maxReasons)
                .map(i -> Reason.of(FEATURES[i], values[i], contributions[i]))
                .toArray(Reason[]::new);
    }

    /**
     * The changes at most {@code suspect-change-window} before {@code eventTime} (and not after
     * it), newest first. The snapshot should list them newest first already; sorting again keeps
     * the alert right if it does not.
     */
    public ChangeRef[] suspectChanges(ChangeRef[] recentChanges, long eventTime) {
        if (recentChanges == null) {
            return new ChangeRef[0];
        }
        return Arrays.stream(recentChanges)
                .filter(Objects::nonNull)
                .filter(c -> c.time <= eventTime && eventTime - c.time <= suspectChangeWindowMillis)
                .sorted(Comparator.comparingLong((ChangeRef c) -> c.time).reversed())
                .toArray(ChangeRef[]::new);
    }

    private Alert base(String deviceId, String deviceClass, long eventTime, long modelVersion) {
        Alert alert = new Alert();
        alert.deviceId = deviceId;
        alert.deviceClass = deviceClass;
        alert.eventTime = eventTime;
        alert.horizonMinutes = horizonMinutes;
        alert.modelVersion = modelVersion;
        return alert;
    }
}
