package org.outagepredictor.alerting;

import java.io.Serializable;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import java.util.stream.IntStream;
import org.apache.flink.util.Preconditions;
import org.outagepredictor.event.ChangeRef;
import org.outagepredictor.features.Feature;
import org.outagepredictor.features.FeatureSnapshot;
import org.outagepredictor.model.LogisticModel;

/**
 * Builds the {@link Alert}s that {@link AlertPolicy} transitions call for, with their explanations:
 * the features that pushed the risk up most, the changes shortly before (with links to them where
 * {@code alerts.change-links} has their source), and the dashboard link.
 *
 * <p>Explaining costs a few small allocations, which is fine because it happens only when an alert
 * is sent, not for every snapshot.
 */
public final class AlertFactory implements Serializable {

    private static final long serialVersionUID = 1L;

    private static final int BIAS = Feature.BIAS.ordinal();
    private static final Feature[] FEATURES = Feature.values();

    private final int maxReasons;
    private final long suspectChangeWindowMillis;
    private final int horizonMinutes;
    private final String dashboardUrl;
    private final Map<String, String> changeLinks;

    /**
     * @param jobId the Flink job's id, for {@code {jobId}} in {@code alerts.dashboard-url}
     */
    public AlertFactory(AlertPolicyOptions options, String jobId) {
        Preconditions.checkNotNull(options, "options must not be null");
        this.maxReasons = options.maxReasons;
        this.suspectChangeWindowMillis = options.suspectChangeWindow.toMillis();
        this.horizonMinutes = options.horizonMinutes();
        this.dashboardUrl =
                options.dashboardUrl == null
                        ? null
                        : options.dashboardUrl.replace("{jobId}", String.valueOf(jobId));
        this.changeLinks = options.changeLinks;
    }

    /**
     * The TRIGGER or REFRESH of the alert open in {@code state}, for a snapshot whose probability
     * under {@code model} is {@code probability}.
     */
    public Alert firing(
            AlertStatus status,
            FeatureSnapshot snapshot,
            LogisticModel model,
            double probability,
            AlertState state) {
        Preconditions.checkArgument(status != AlertStatus.RESOLVE, "a resolve is not firing");
        Alert alert = base(snapshot.deviceId, snapshot.eventTime, model.version(), state);
        alert.status = status;
        alert.probability = probability;
        alert.reasons = reasons(model, snapshot.values);
        alert.suspectChanges = suspectChanges(snapshot.recentChanges, snapshot.eventTime);
        return alert;
    }

    /**
     * The RESOLVE of the alert that {@code state} has just closed, with the last probability seen,
     * the version of the model that gave it, and why it resolved.
     */
    public Alert resolved(String deviceId, AlertState state) {
        Alert alert = base(deviceId, state.resolvedAt, state.modelVersion, state);
        alert.status = AlertStatus.RESOLVE;
        alert.probability = state.lastProbability;
        alert.resolution = state.resolution;
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
                .map(this::withLink)
                .toArray(ChangeRef[]::new);
    }

    /** A copy of {@code change} with its link, if its source has a link template. */
    private ChangeRef withLink(ChangeRef change) {
        String template = change.source == null ? null : changeLinks.get(change.source);
        if (template == null || change.id == null) {
            return change;
        }
        return change.withLink(
                template.replace("{id}", URLEncoder.encode(change.id, StandardCharsets.UTF_8)));
    }

    private Alert base(String deviceId, long eventTime, long modelVersion, AlertState state) {
        Alert alert = new Alert();
        alert.deviceId = deviceId;
        alert.deviceClass = state.deviceClass;
        alert.eventTime = eventTime;
        alert.horizonMinutes = horizonMinutes;
        alert.modelVersion = modelVersion;
        alert.dedupKey = state.dedupKey;
        alert.severity = state.severity;
        alert.openedAt = state.openedAt;
        alert.dashboardUrl =
                dashboardUrl == null
                        ? null
                        : dashboardUrl.replace(
                                "{deviceId}", URLEncoder.encode(deviceId, StandardCharsets.UTF_8));
        return alert;
    }
}
