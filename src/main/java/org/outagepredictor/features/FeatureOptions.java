package org.outagepredictor.features;

import static org.apache.flink.util.Preconditions.checkArgument;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ReadableConfig;

/**
 * Options of the per-device feature state.
 *
 * <ul>
 *   <li>{@code features.snapshot-interval} (1 min): at most one snapshot per device per interval of
 *       event time; a change always produces one.
 *   <li>{@code features.warmup} (1 h): no snapshot for a device observed for less than this.
 *   <li>{@code features.idle-timeout} (48 h): a device with no event for this long is forgotten.
 *   <li>{@code features.burst-prior-events} (2.0): events added to both counts of a burst ratio, so
 *       that one error on a quiet device is not a burst.
 *   <li>{@code features.metric-fast-alpha} (0.3) and {@code features.metric-slow-alpha} (0.02):
 *       weights of the newest sample in a metric's fast mean and in its baseline.
 *   <li>{@code features.metric-warmup-samples} (10): samples before a metric's z-score counts.
 *   <li>{@code features.metric-staleness} (15 min): a metric with no sample for this long no longer
 *       contributes.
 *   <li>{@code features.max-metrics-per-device} (8): metric names tracked per device; a new name
 *       replaces the one sampled least recently.
 *   <li>{@code features.recent-changes} (5): change references kept per device for explanations.
 *   <li>{@code features.change-recency-half-life} (1 h): how fast the "recent change" feature
 *       fades.
 * </ul>
 *
 * <p>The half-lives of the decayed counts (5 min, 1 h, 24 h) are part of the feature schema that a
 * model is trained on, so they are not options.
 */
public final class FeatureOptions implements Serializable {

    private static final long serialVersionUID = 1L;

    public static final ConfigOption<Duration> SNAPSHOT_INTERVAL =
            ConfigOptions.key("features.snapshot-interval")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(1))
                    .withDescription(
                            "At most one feature snapshot per device per interval of event time;"
                                    + " a change always produces one.");

    public static final ConfigOption<Duration> WARMUP =
            ConfigOptions.key("features.warmup")
                    .durationType()
                    .defaultValue(Duration.ofHours(1))
                    .withDescription(
                            "No snapshot (so no score and no alert) for a device observed for"
                                    + " less than this: its rates and baselines are still"
                                    + " guesses. Also the shortest observation that rates are"
                                    + " extrapolated from. 0 turns warm-up off.");

    public static final ConfigOption<Duration> IDLE_TIMEOUT =
            ConfigOptions.key("features.idle-timeout")
                    .durationType()
                    .defaultValue(Duration.ofHours(48))
                    .withDescription(
                            "A device with no event for this long (event time) is forgotten:"
                                    + " its state and timer are removed.");

    public static final ConfigOption<Double> BURST_PRIOR_EVENTS =
            ConfigOptions.key("features.burst-prior-events")
                    .doubleType()
                    .defaultValue(2.0)
                    .withDescription(
                            "Events added to both counts of a burst ratio (the last minutes"
                                    + " against the 24-hour baseline), so that one error on a"
                                    + " quiet device is not a burst.");

    public static final ConfigOption<Double> METRIC_FAST_ALPHA =
            ConfigOptions.key("features.metric-fast-alpha")
                    .doubleType()
                    .defaultValue(0.3)
                    .withDescription("Weight of the newest sample in a metric's fast mean.");

    public static final ConfigOption<Double> METRIC_SLOW_ALPHA =
            ConfigOptions.key("features.metric-slow-alpha")
                    .doubleType()
                    .defaultValue(0.02)
                    .withDescription(
                            "Weight of the newest sample in a metric's baseline mean and variance.");

    public static final ConfigOption<Integer> METRIC_WARMUP_SAMPLES =
            ConfigOptions.key("features.metric-warmup-samples")
                    .intType()
                    .defaultValue(10)
                    .withDescription("Samples of a metric before its z-score counts.");

    public static final ConfigOption<Duration> METRIC_STALENESS =
            ConfigOptions.key("features.metric-staleness")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(15))
                    .withDescription(
                            "A metric with no sample for this long no longer contributes.");

    public static final ConfigOption<Integer> MAX_METRICS_PER_DEVICE =
            ConfigOptions.key("features.max-metrics-per-device")
                    .intType()
                    .defaultValue(8)
                    .withDescription(
                            "Metric names tracked per device; a new name replaces the one sampled"
                                    + " least recently.");

    public static final ConfigOption<Integer> RECENT_CHANGES =
            ConfigOptions.key("features.recent-changes")
                    .intType()
                    .defaultValue(5)
                    .withDescription("Change references kept per device for explanations.");

    public static final ConfigOption<Duration> CHANGE_RECENCY_HALF_LIFE =
            ConfigOptions.key("features.change-recency-half-life")
                    .durationType()
                    .defaultValue(Duration.ofHours(1))
                    .withDescription("How fast the \"recent change\" feature fades.");

    public final long snapshotIntervalMillis;
    public final long warmupMillis;
    public final long idleTimeoutMillis;
    public final double burstPriorEvents;
    public final double metricFastAlpha;
    public final double metricSlowAlpha;
    public final int metricWarmupSamples;
    public final long metricStalenessMillis;
    public final int maxMetricsPerDevice;
    public final int recentChanges;
    public final long changeRecencyHalfLifeMillis;

    private FeatureOptions(ReadableConfig config) {
        snapshotIntervalMillis = config.get(SNAPSHOT_INTERVAL).toMillis();
        warmupMillis = config.get(WARMUP).toMillis();
        idleTimeoutMillis = config.get(IDLE_TIMEOUT).toMillis();
        burstPriorEvents = config.get(BURST_PRIOR_EVENTS);
        metricFastAlpha = config.get(METRIC_FAST_ALPHA);
        metricSlowAlpha = config.get(METRIC_SLOW_ALPHA);
        metricWarmupSamples = config.get(METRIC_WARMUP_SAMPLES);
        metricStalenessMillis = config.get(METRIC_STALENESS).toMillis();
        maxMetricsPerDevice = config.get(MAX_METRICS_PER_DEVICE);
        recentChanges = config.get(RECENT_CHANGES);
        changeRecencyHalfLifeMillis = config.get(CHANGE_RECENCY_HALF_LIFE).toMillis();

        checkArgument(
                snapshotIntervalMillis >= 0, "%s must not be negative", SNAPSHOT_INTERVAL.key());
        checkArgument(
                warmupMillis >= 0 && warmupMillis < idleTimeoutMillis,
                "%s must not be negative and must be shorter than %s, was %s",
                WARMUP.key(),
                IDLE_TIMEOUT.key(),
                config.get(WARMUP));
        checkArgument(
                idleTimeoutMillis >= DecayedCounts.HalfLife.H1.millis,
                "%s must be at least 1 h, was %s",
                IDLE_TIMEOUT.key(),
                config.get(IDLE_TIMEOUT));
        checkArgument(burstPriorEvents > 0, "%s must be positive", BURST_PRIOR_EVENTS.key());
        checkArgument(
                metricFastAlpha > 0 && metricFastAlpha <= 1,
                "%s must be in (0, 1], was %s",
                METRIC_FAST_ALPHA.key(),
                metricFastAlpha);
        checkArgument(
                metricSlowAlpha > 0 && metricSlowAlpha < metricFastAlpha,
                "%s must be in (0, %s), was %s",
                METRIC_SLOW_ALPHA.key(),
                metricFastAlpha,
                metricSlowAlpha);
        checkArgument(
                metricWarmupSamples >= 2, "%s must be at least 2", METRIC_WARMUP_SAMPLES.key());
        checkArgument(metricStalenessMillis > 0, "%s must be positive", METRIC_STALENESS.key());
        checkArgument(
                maxMetricsPerDevice >= 1 && maxMetricsPerDevice <= 64,
                "%s must be between 1 and 64, was %s",
                MAX_METRICS_PER_DEVICE.key(),
                maxMetricsPerDevice);
        checkArgument(
                recentChanges >= 1 && recentChanges <= 50,
                "%s must be between 1 and 50, was %s",
                RECENT_CHANGES.key(),
                recentChanges);
        checkArgument(
                changeRecencyHalfLifeMillis > 0,
                "%s must be positive",
                CHANGE_RECENCY_HALF_LIFE.key());
    }

    public static FeatureOptions from(ReadableConfig config) {
        return new FeatureOptions(config);
    }

    public static FeatureOptions defaults() {
        return from(new Configuration());
    }

    public static List<ConfigOption<?>> options() {
        return List.of(
                SNAPSHOT_INTERVAL,
                WARMUP,
                IDLE_TIMEOUT,
                BURST_PRIOR_EVENTS,
                METRIC_FAST_ALPHA,
                METRIC_SLOW_ALPHA,
                METRIC_WARMUP_SAMPLES,
                METRIC_STALENESS,
                MAX_METRICS_PER_DEVICE,
                RECENT_CHANGES,
                CHANGE_RECENCY_HALF_LIFE);
    }
}
