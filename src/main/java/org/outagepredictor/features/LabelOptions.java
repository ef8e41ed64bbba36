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
 * Options of labelling: which feature snapshots wait for a label, and what makes a label.
 *
 * <ul>
 *   <li>{@code model.horizon} (2 h): a snapshot is positive when an outage incident opens on its
 *       device within (t + min lead, t + horizon].
 *   <li>{@code labels.min-lead} (5 min): an incident sooner than this after a snapshot is too late
 *       to have been warned of; the snapshot is not learned from.
 *   <li>{@code labels.outage-priorities} (1;2): incident priorities that count as outages.
 *   <li>{@code labels.sample-interval} (10 min): at most one snapshot per device per interval waits
 *       for a label, plus every snapshot taken at a change.
 *   <li>{@code labels.max-pending} (24): snapshots per device waiting for a label at most.
 *   <li>{@code labels.negative-sampling} (0.2): share of negatives learned from, each weighted by
 *       its inverse.
 *   <li>{@code labels.late-incident-grace} (10 min): how long after the horizon a snapshot still
 *       waits for an incident that is late to arrive before it is labelled negative.
 * </ul>
 */
public final class LabelOptions implements Serializable {

    private static final long serialVersionUID = 1L;

    public static final ConfigOption<Duration> HORIZON =
            ConfigOptions.key("model.horizon")
                    .durationType()
                    .defaultValue(Duration.ofHours(2))
                    .withDescription(
                            "The horizon the model predicts outages for: a snapshot is positive"
                                    + " when an outage incident opens on its device within (t +"
                                    + " min lead, t + horizon]. Shown in alerts; whole minutes.");

    public static final ConfigOption<Duration> MIN_LEAD =
            ConfigOptions.key("labels.min-lead")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(5))
                    .withDescription(
                            "An incident sooner than this after a snapshot was too close to"
                                    + " warn of: the snapshot is learned neither as positive nor"
                                    + " as negative.");

    public static final ConfigOption<List<Integer>> OUTAGE_PRIORITIES =
            ConfigOptions.key("labels.outage-priorities")
                    .intType()
                    .asList()
                    .defaultValues(1, 2)
                    .withDescription(
                            "Incident priorities that count as outages and so make positive"
                                    + " labels; other incidents are only features.");

    public static final ConfigOption<Duration> SAMPLE_INTERVAL =
            ConfigOptions.key("labels.sample-interval")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(10))
                    .withDescription(
                            "At most one snapshot per device per interval waits for a label,"
                                    + " plus every snapshot taken at a change.");

    public static final ConfigOption<Integer> MAX_PENDING =
            ConfigOptions.key("labels.max-pending")
                    .intType()
                    .defaultValue(24)
                    .withDescription(
                            "Snapshots per device waiting for a label at most; while a device"
                                    + " has this many, newer ones are not kept (metric"
                                    + " pendingFull).");

    public static final ConfigOption<Double> NEGATIVE_SAMPLING =
            ConfigOptions.key("labels.negative-sampling")
                    .doubleType()
                    .defaultValue(0.2)
                    .withDescription(
                            "Share of negative labels passed on for training, each weighted by"
                                    + " the inverse of this share so that the model stays"
                                    + " calibrated. Which ones is decided by a hash of device and"
                                    + " time, so a replay keeps the same ones.");

    public static final ConfigOption<Duration> LATE_INCIDENT_GRACE =
            ConfigOptions.key("labels.late-incident-grace")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(10))
                    .withDescription(
                            "How long past the horizon (in event time) a snapshot still waits"
                                    + " for an incident that arrives late before it is labelled"
                                    + " negative.");

    public final long horizonMillis;
    public final long minLeadMillis;
    public final int[] outagePriorities;
    public final long sampleIntervalMillis;
    public final int maxPending;
    public final double negativeSampling;
    public final long lateIncidentGraceMillis;

    private LabelOptions(ReadableConfig config) {
        this.horizonMillis = config.get(HORIZON).toMillis();
        this.minLeadMillis = config.get(MIN_LEAD).toMillis();
        this.outagePriorities =
                config.get(OUTAGE_PRIORITIES).stream().mapToInt(Integer::intValue).toArray();
        this.sampleIntervalMillis = config.get(SAMPLE_INTERVAL).toMillis();
        this.maxPending = config.get(MAX_PENDING);
        this.negativeSampling = config.get(NEGATIVE_SAMPLING);
        this.lateIncidentGraceMillis = config.get(LATE_INCIDENT_GRACE).toMillis();
        checkArgument(horizonMillis > 0, "%s must be positive", HORIZON.key());
        checkArgument(
                minLeadMillis >= 0 && minLeadMillis < horizonMillis,
                "%s must be at least 0 and shorter than %s (%s), was %s",
                MIN_LEAD.key(),
                HORIZON.key(),
                config.get(HORIZON),
                config.get(MIN_LEAD));
        checkArgument(
                outagePriorities.length > 0,
                "%s must name at least one priority",
                OUTAGE_PRIORITIES.key());
        checkArgument(sampleIntervalMillis >= 0, "%s must not be negative", SAMPLE_INTERVAL.key());
        checkArgument(
                maxPending >= 1 && maxPending <= 1000,
                "%s must be between 1 and 1000, was %s",
                MAX_PENDING.key(),
                maxPending);
        checkArgument(
                negativeSampling > 0 && negativeSampling <= 1,
                "%s must be in (0, 1], was %s",
                NEGATIVE_SAMPLING.key(),
                negativeSampling);
        checkArgument(
                lateIncidentGraceMillis >= 0, "%s must not be negative", LATE_INCIDENT_GRACE.key());
    }

    public static LabelOptions from(ReadableConfig config) {
        return new LabelOptions(config);
    }

    public static LabelOptions defaults() {
        return from(new Configuration());
    }

    /** Event time after a snapshot at which, without an outage, its label is negative. */
    public long negativeAfterMillis() {
        return horizonMillis + lateIncidentGraceMillis;
    }

    public boolean isOutage(int priority) {
        for (int p : outagePriorities) {
            if (p == priority) {
                return true;
            }
        }
        return false;
    }

    public static List<ConfigOption<?>> options() {
        return List.of(
                HORIZON,
                MIN_LEAD,
                OUTAGE_PRIORITIES,
                SAMPLE_INTERVAL,
                MAX_PENDING,
                NEGATIVE_SAMPLING,
                LATE_INCIDENT_GRACE);
    }
}
