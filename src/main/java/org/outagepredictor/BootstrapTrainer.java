package org.outagepredictor;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;
import org.outagepredictor.alerting.AlertPolicyOptions;
import org.outagepredictor.config.JobArguments;
import org.outagepredictor.event.EventKind;
import org.outagepredictor.event.OpsEvent;
import org.outagepredictor.features.DeviceState;
import org.outagepredictor.features.Feature;
import org.outagepredictor.features.FeatureCalculator;
import org.outagepredictor.features.FeatureOptions;
import org.outagepredictor.features.FeatureSnapshot;
import org.outagepredictor.model.FtrlProximal;
import org.outagepredictor.model.LogisticModel;
import org.outagepredictor.model.ModelFile;
import org.outagepredictor.simulate.FleetSimulator;
import org.outagepredictor.simulate.IncidentCause;
import org.outagepredictor.simulate.SimulatorOptions;

/**
 * Trains the initial model from simulated history, with the job's own feature code: runs the fleet
 * simulator for some days, turns every device's events into feature snapshots exactly as {@code
 * DeviceFeatures} does, labels each snapshot positive when an incident opened on its device within
 * (t + min lead, t + horizon], trains FTRL-Proximal on the first part of the history in time order,
 * reports quality on the rest, and writes the model in Flink ML's encoding. The same options and
 * seed give the same model, byte for byte.
 *
 * <p>Plain Java, no Flink cluster: the history is small enough for one process. Options, besides
 * the simulator's ({@code simulator.*}) and the features' ({@code features.*}):
 *
 * <ul>
 *   <li>{@code bootstrap.output} (required): where to write the model file.
 *   <li>{@code bootstrap.days} (14): days of history to simulate.
 *   <li>{@code bootstrap.holdout-fraction} (0.2): the last part of the history, kept for the
 *       report.
 *   <li>{@code bootstrap.negative-sampling} (0.2): fraction of negative snapshots learned from,
 *       each weighted by its inverse so probabilities stay calibrated.
 *   <li>{@code bootstrap.min-lead} (5 min): an incident sooner than this after a snapshot is too
 *       late to act on and does not make it positive.
 *   <li>{@code bootstrap.model-version} (1): the version written into the model.
 *   <li>{@code trainer.ftrl.alpha} (0.05), {@code trainer.ftrl.beta} (1.0), {@code trainer.ftrl.l1}
 *       (0.0), {@code trainer.ftrl.l2} (1.0): FTRL-Proximal hyper-parameters.
 *   <li>{@code model.horizon} (2 h, an alert option): how far ahead a positive reaches.
 * </ul>
 */
public final class BootstrapTrainer {

    public static final ConfigOption<String> OUTPUT =
            ConfigOptions.key("bootstrap.output")
                    .stringType()
                    .noDefaultValue()
                    .withDescription("Where to write the model file.");

    public static final ConfigOption<Integer> DAYS =
            ConfigOptions.key("bootstrap.days")
                    .intType()
                    .defaultValue(14)
                    .withDescription("Days of history to simulate.");

    public static final ConfigOption<Double> HOLDOUT_FRACTION =
            ConfigOptions.key("bootstrap.holdout-fraction")
                    .doubleType()
                    .defaultValue(0.2)
                    .withDescription(
                            "The last part of the history, kept out of training for the report.");

    public static final ConfigOption<Double> NEGATIVE_SAMPLING =
            ConfigOptions.key("bootstrap.negative-sampling")
                    .doubleType()
                    .defaultValue(0.2)
                    .withDescription(
                            "Fraction of negative snapshots learned from, each weighted by the"
                                    + " inverse of this fraction.");

    public static final ConfigOption<Duration> MIN_LEAD =
            ConfigOptions.key("bootstrap.min-lead")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(5))
                    .withDescription(
                            "An incident sooner than this after a snapshot does not make the"
                                    + " snapshot positive.");

    public static final ConfigOption<Long> MODEL_VERSION =
            ConfigOptions.key("bootstrap.model-version")
                    .longType()
                    .defaultValue(1L)
                    .withDescription("The version written into the model.");

    public static final ConfigOption<Double> FTRL_ALPHA =
            ConfigOptions.key("trainer.ftrl.alpha")
                    .doubleType()
                    .defaultValue(0.05)
                    .withDescription("FTRL-Proximal learning rate alpha.");
    public static final ConfigOption<Double> FTRL_BETA =
            ConfigOptions.key("trainer.ftrl.beta")
                    .doubleType()
                    .defaultValue(1.0)
                    .withDescription("FTRL-Proximal learning rate beta.");
    public static final ConfigOption<Double> FTRL_L1 =
            ConfigOptions.key("trainer.ftrl.l1")
                    .doubleType()
                    .defaultValue(0.0)
                    .withDescription("FTRL-Proximal L1 regularisation.");
    public static final ConfigOption<Double> FTRL_L2 =
            ConfigOptions.key("trainer.ftrl.l2")
                    .doubleType()
                    .defaultValue(1.0)
                    .withDescription("FTRL-Proximal L2 regularisation.");

    private BootstrapTrainer() {}

    public static List<ConfigOption<?>> options() {
        List<ConfigOption<?>> all =
                new ArrayList<>(
                        List.of(
                                OUTPUT,
                                DAYS,
                                HOLDOUT_FRACTION,
                                NEGATIVE_SAMPLING,
                                MIN_LEAD,
                                MODEL_VERSION,
                                FTRL_ALPHA,
                                FTRL_BETA,
                                FTRL_L1,
                                FTRL_L2));
        all.addAll(SimulatorOptions.options());
        all.addAll(FeatureOptions.options());
        all.addAll(AlertPolicyOptions.options());
        return all;
    }

    public static void main(String[] args) throws Exception {
        Configuration options = JobArguments.parse(args, options());
        String output = options.get(OUTPUT);
        if (output == null) {
            throw new IllegalArgumentException("--" + OUTPUT.key() + " FILE is required");
        }
        Report report = train(options);
        ModelFile.write(Path.of(output), report.model);
        System.out.println(report);
        System.out.println("Model version " + report.model.version() + " written to " + output);
    }

    /** Simulates, labels, trains and evaluates; writes nothing. */
    public static Report train(Configuration options) {
        SimulatorOptions simulator = SimulatorOptions.from(options);
        FeatureCalculator calculator = new FeatureCalculator(FeatureOptions.from(options));
        AlertPolicyOptions policy = AlertPolicyOptions.from(options);
        long horizon = policy.horizon.toMillis();
        long minLead = options.get(MIN_LEAD).toMillis();
        long start = simulator.startTime.toEpochMilli();
        long end = start + Duration.ofDays(options.get(DAYS)).toMillis();
        long holdoutStart = end - (long) ((end - start) * options.get(HOLDOUT_FRACTION));
        double sampling = options.get(NEGATIVE_SAMPLING);

        List<OpsEvent> incidents = incidents(simulator, end);
        Map<String, long[]> incidentTimes = timesByDevice(incidents);
        FtrlProximal ftrl =
                new FtrlProximal(
                        Feature.COUNT,
                        options.get(FTRL_ALPHA),
                        options.get(FTRL_BETA),
                        options.get(FTRL_L1),
                        options.get(FTRL_L2));
        SplittableRandom sampler = new SplittableRandom(simulator.seed);
        List<FeatureSnapshot> holdout = new ArrayList<>();
        List<Boolean> holdoutLabels = new ArrayList<>();
        Report report = new Report();

        Map<String, DeviceState> states = new HashMap<>();
        FleetSimulator fleet = new FleetSimulator(simulator, 0, 1);
        for (OpsEvent event = fleet.next(); event.eventTime < end - horizon; event = fleet.next()) {
            report.events++;
            DeviceState state = states.get(event.deviceId);
            if (state == null) {
                state = calculator.newState(event);
                states.put(event.deviceId, state);
            }
            calculator.update(state, event);
            if (!calculator.shouldSnapshot(state, event)) {
                continue;
            }
            FeatureSnapshot snapshot = calculator.snapshot(event.deviceId, state);
            boolean positive =
                    incidentWithin(
                            incidentTimes.get(event.deviceId),
                            snapshot.eventTime + minLead,
                            snapshot.eventTime + horizon);
            report.snapshots++;
            if (snapshot.eventTime >= holdoutStart) {
                holdout.add(snapshot);
                holdoutLabels.add(positive);
            } else if (positive) {
                report.positives++;
                ftrl.update(snapshot.values, 1.0, 1.0);
            } else if (sampler.nextDouble() < sampling) {
                ftrl.update(snapshot.values, 0.0, 1.0 / sampling);
            }
        }

        report.model = new LogisticModel(options.get(MODEL_VERSION), ftrl.weights());
        report.evaluate(holdout, holdoutLabels);
        List<OpsEvent> heldOutIncidents = new ArrayList<>();
        for (OpsEvent incident : incidents) {
            if (incident.eventTime >= holdoutStart + horizon
                    && incident.eventTime < end - horizon) {
                heldOutIncidents.add(incident);
            }
        }
        report.evaluateIncidents(holdout, heldOutIncidents, horizon, minLead);
        return report;
    }

    /** The incidents of the simulated history, from a first pass over it. */
    private static List<OpsEvent> incidents(SimulatorOptions simulator, long end) {
        List<OpsEvent> incidents = new ArrayList<>();
        FleetSimulator fleet = new FleetSimulator(simulator, 0, 1);
        for (OpsEvent event = fleet.next(); event.eventTime < end; event = fleet.next()) {
            if (event.kind == EventKind.INCIDENT) {
                incidents.add(event);
            }
        }
        return incidents;
    }

    private static Map<String, long[]> timesByDevice(List<OpsEvent> events) {
        Map<String, List<Long>> times = new HashMap<>();
        for (OpsEvent event : events) {
            times.computeIfAbsent(event.deviceId, d -> new ArrayList<>()).add(event.eventTime);
        }
        Map<String, long[]> sorted = new HashMap<>();
        times.forEach(
                (device, list) -> {
                    long[] array = list.stream().mapToLong(Long::longValue).toArray();
                    Arrays.sort(array);
                    sorted.put(device, array);
                });
        return sorted;
    }

    /** Whether a time in {@code sorted} lies in (from, to]. */
    static boolean incidentWithin(long[] sorted, long from, long to) {
        if (sorted == null) {
            return false;
        }
        int i = Arrays.binarySearch(sorted, from + 1);
        int insertion = i >= 0 ? i : -i - 1;
        return insertion < sorted.length && sorted[insertion] <= to;
    }

    /** What the trainer saw and how the model did on the held-out part of the history. */
    public static final class Report {
        private static final double[] THRESHOLDS = {0.3, 0.4, 0.5, 0.6, 0.7, 0.8};

        public long events;
        public long snapshots;
        public long positives;
        public LogisticModel model;
        public long holdoutSnapshots;
        public long holdoutPositives;
        public double holdoutLogLoss;
        private final StringBuilder table = new StringBuilder();

        void evaluate(List<FeatureSnapshot> xs, List<Boolean> labels) {
            double loss = 0;
            for (int i = 0; i < xs.size(); i++) {
                double p = model.probability(xs.get(i).values);
                double clipped = Math.min(1 - 1e-12, Math.max(1e-12, p));
                loss -= labels.get(i) ? Math.log(clipped) : Math.log(1 - clipped);
                holdoutPositives += labels.get(i) ? 1 : 0;
            }
            holdoutSnapshots = xs.size();
            holdoutLogLoss = xs.isEmpty() ? Double.NaN : loss / xs.size();
            table.append(
                    String.format(
                            Locale.ROOT,
                            "%-9s %-10s %-10s %s%n",
                            "threshold",
                            "precision",
                            "recall",
                            "(snapshots)"));
            for (double threshold : THRESHOLDS) {
                long predicted = 0;
                long correct = 0;
                for (int i = 0; i < xs.size(); i++) {
                    if (model.probability(xs.get(i).values) >= threshold) {
                        predicted++;
                        correct += labels.get(i) ? 1 : 0;
                    }
                }
                table.append(
                        String.format(
                                Locale.ROOT,
                                "%-9.1f %-10.3f %-10.3f%n",
                                threshold,
                                predicted == 0 ? Double.NaN : (double) correct / predicted,
                                holdoutPositives == 0
                                        ? Double.NaN
                                        : (double) correct / holdoutPositives));
            }
        }

        /**
         * Per threshold, the share of held-out incidents of each cause that some snapshot of their
         * device warned of in (incident - horizon, incident - min lead], and the median lead time.
         */
        void evaluateIncidents(
                List<FeatureSnapshot> holdout,
                List<OpsEvent> incidents,
                long horizon,
                long minLead) {
            Map<String, List<FeatureSnapshot>> byDevice = new HashMap<>();
            for (FeatureSnapshot snapshot : holdout) {
                byDevice.computeIfAbsent(snapshot.deviceId, d -> new ArrayList<>()).add(snapshot);
            }
            table.append(
                    String.format(
                            Locale.ROOT,
                            "%-9s %-24s %-24s %-24s %s%n",
                            "threshold",
                            "warned: bad change",
                            "slow drift",
                            "random",
                            "median lead (min)"));
            for (double threshold : THRESHOLDS) {
                Map<IncidentCause, int[]> warned = new EnumMap<>(IncidentCause.class);
                List<Long> leads = new ArrayList<>();
                for (OpsEvent incident : incidents) {
                    int[] counts =
                            warned.computeIfAbsent(
                                    FleetSimulator.causeOf(incident), c -> new int[2]);
                    counts[1]++;
                    long firstWarning = Long.MAX_VALUE;
                    for (FeatureSnapshot s : byDevice.getOrDefault(incident.deviceId, List.of())) {
                        if (s.eventTime > incident.eventTime - horizon
                                && s.eventTime <= incident.eventTime - minLead
                                && model.probability(s.values) >= threshold) {
                            firstWarning = Math.min(firstWarning, s.eventTime);
                        }
                    }
                    if (firstWarning != Long.MAX_VALUE) {
                        counts[0]++;
                        leads.add((incident.eventTime - firstWarning) / 60_000L);
                    }
                }
                leads.sort(null);
                table.append(String.format(Locale.ROOT, "%-9.1f", threshold));
                for (IncidentCause cause : IncidentCause.values()) {
                    int[] counts = warned.getOrDefault(cause, new int[2]);
                    table.append(
                            String.format(Locale.ROOT, " %-24s", counts[0] + " of " + counts[1]));
                }
                table.append(leads.isEmpty() ? " -" : " " + leads.get(leads.size() / 2))
                        .append(System.lineSeparator());
            }
        }

        @Override
        public String toString() {
            StringBuilder text = new StringBuilder();
            text.append(
                    String.format(
                            Locale.ROOT,
                            "Trained on %d events, %d snapshots, %d positive.%n"
                                    + "Held out: %d snapshots, %d positive; log loss %.4f.%n",
                            events,
                            snapshots,
                            positives,
                            holdoutSnapshots,
                            holdoutPositives,
                            holdoutLogLoss));
            text.append(table);
            text.append("Weights:").append(System.lineSeparator());
            double[] w = model.coefficients();
            for (Feature feature : Feature.values()) {
                text.append(
                        String.format(
                                Locale.ROOT,
                                "  %-28s %+.4f%n",
                                feature.name().toLowerCase(Locale.ROOT),
                                w[feature.ordinal()]));
            }
            return text.toString();
        }
    }
}
