package org.outagepredictor.evaluate;

import static org.apache.flink.util.Preconditions.checkArgument;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.outagepredictor.PredictionJob;
import org.outagepredictor.alerting.Alert;
import org.outagepredictor.alerting.AlertPolicyOptions;
import org.outagepredictor.alerting.AlertStatus;
import org.outagepredictor.alerting.Score;
import org.outagepredictor.config.JobArguments;
import org.outagepredictor.evaluate.Metrics.Mark;
import org.outagepredictor.evaluate.Metrics.Operating;
import org.outagepredictor.evaluate.Metrics.Point;
import org.outagepredictor.event.EventKind;
import org.outagepredictor.event.OpsEvent;
import org.outagepredictor.features.FeatureOptions;
import org.outagepredictor.features.LabelOptions;
import org.outagepredictor.features.LabeledExample;
import org.outagepredictor.ingest.FieldMapping;
import org.outagepredictor.ingest.IngestOptions;
import org.outagepredictor.model.ModelFile;
import org.outagepredictor.model.ModelVersion;
import org.outagepredictor.model.TrainerOptions;
import org.outagepredictor.model.TrainingReport;
import org.outagepredictor.simulate.SimulatedHistory;
import org.outagepredictor.simulate.SimulatorOptions;

/**
 * The evaluation (docs/evaluation.md): replays each dataset through the real {@link PredictionJob},
 * bounded and in event time, once learning online and once with learning off; computes the
 * baselines over the same events; measures all of them against the dataset's outage incidents with
 * {@link Metrics}; and writes the report and its charts ({@link Report}).
 *
 * <p>Options, besides every option of the prediction job (which the job runs with):
 *
 * <ul>
 *   <li>{@code evaluate.datasets} ({@value #DEFAULT_DATASETS}): {@code ;}-separated datasets:
 *       {@code nab}, {@code bgl}, {@code servicenow} (converted from {@code evaluate.shared}),
 *       {@code simulator:SEED}, {@code simulator:SEED?OPTION=VALUE&...} for a simulated world
 *       unlike the one the shipped model was trained in ({@link SimulatedWorld}), or {@code
 *       NAME=FORMAT:PATH} for any file of one record per line in one of the job's input formats,
 *       read with the {@code mapping.*} options.
 *   <li>{@code evaluate.shared} (../shared/datasets): where the public datasets are read in place.
 *   <li>{@code evaluate.report} (docs/evaluation.md): the report; its charts go to a folder of the
 *       same name without {@code .md}.
 *   <li>{@code evaluate.work-dir} (target/evaluation): the events replayed, one file per dataset.
 *   <li>{@code evaluate.simulator.devices} (30), {@code evaluate.simulator.days} (7): the size of
 *       each simulated fleet.
 *   <li>{@code evaluate.publication-checks} ({@value #DEFAULT_PUBLICATION_CHECKS}): how often the
 *       online replay's trainer checks whether to publish: {@code trainer.publish-every} is set to
 *       the replay's labelled examples (counted in the learning-off run, which gives the same
 *       examples) over this number, and {@code trainer.min-window-examples} to at most that, so
 *       that a dataset of a few hundred examples learns online as a large one does; 0 keeps the
 *       trainer's options as given.
 *   <li>{@code evaluate.parallelism} (1): the job's parallelism. With learning off a run is
 *       deterministic; learning online, the trainer learns the same examples in the same order
 *       ({@link EveryEventWatermarks}), but a published version reaches scoring by broadcast after
 *       a real delay, so which snapshots it scores first, and so a few alerts, can differ between
 *       runs.
 * </ul>
 */
public final class Evaluation {

    static final String DEFAULT_DATASETS =
            "nab;bgl;servicenow;simulator:11;simulator:12;simulator:13"
                    + ";simulator:21?simulator.degraded-error-multiplier=1"
                    + ";simulator:22?simulator.degraded-error-multiplier=1"
                    + ";simulator:23?simulator.degraded-error-multiplier=1"
                    + ";simulator:21?simulator.change-rate=6&simulator.bad-change-fraction=0.07"
                    + ";simulator:22?simulator.change-rate=6&simulator.bad-change-fraction=0.07"
                    + ";simulator:23?simulator.change-rate=6&simulator.bad-change-fraction=0.07";

    public static final ConfigOption<String> DATASETS =
            ConfigOptions.key("evaluate.datasets")
                    .stringType()
                    .defaultValue(DEFAULT_DATASETS)
                    .withDescription("Datasets to evaluate, ';'-separated.");

    public static final ConfigOption<String> SHARED =
            ConfigOptions.key("evaluate.shared")
                    .stringType()
                    .defaultValue("../shared/datasets")
                    .withDescription("Folder of the public datasets, read in place.");

    public static final ConfigOption<String> REPORT =
            ConfigOptions.key("evaluate.report")
                    .stringType()
                    .defaultValue("docs/evaluation.md")
                    .withDescription("The report to write; charts go beside it.");

    public static final ConfigOption<String> WORK_DIR =
            ConfigOptions.key("evaluate.work-dir")
                    .stringType()
                    .defaultValue("target/evaluation")
                    .withDescription("Where the replayed event files go.");

    public static final ConfigOption<Integer> SIMULATOR_DEVICES =
            ConfigOptions.key("evaluate.simulator.devices")
                    .intType()
                    .defaultValue(30)
                    .withDescription("Devices of each simulated fleet.");

    public static final ConfigOption<Integer> SIMULATOR_DAYS =
            ConfigOptions.key("evaluate.simulator.days")
                    .intType()
                    .defaultValue(7)
                    .withDescription("Simulated days of each fleet.");

    static final int DEFAULT_PUBLICATION_CHECKS = 20;

    public static final ConfigOption<Integer> PUBLICATION_CHECKS =
            ConfigOptions.key("evaluate.publication-checks")
                    .intType()
                    .defaultValue(DEFAULT_PUBLICATION_CHECKS)
                    .withDescription(
                            "Publication checks of the online replay's trainer: publish-every is"
                                    + " the replay's labelled examples over this; 0 keeps the"
                                    + " trainer's options.");

    public static final ConfigOption<Integer> PARALLELISM =
            ConfigOptions.key("evaluate.parallelism")
                    .intType()
                    .defaultValue(1)
                    .withDescription("Parallelism of the job.");

    /** Lead times of the precision and recall against lead time chart, minutes. */
    static final int[] LEAD_MINUTES = {0, 5, 10, 15, 20, 30, 45, 60, 90, 120};

    /** Thresholds of a curve at most. */
    static final int CURVE_POINTS = 40;

    static final String ONLINE = "online model";
    static final String FROZEN = "model, learning off";
    static final String EVENT_RATE = "event-rate threshold";
    static final String EWMA = "EWMA z-score on metrics";
    static final String CHANGE_ERRORS = "change in 1 h + error burst";
    static final String REFIT = "in-sample refit, learning off";

    private Evaluation() {}

    /** One method on one dataset. */
    public static final class MethodResult {
        public String name;

        /** True for the job's own alerts; false for alerts from a threshold on scores. */
        public boolean jobAlerts;

        public int scores;
        public double averagePrecision;
        public double positiveShare;
        public List<Operating> curve = List.of();

        /** The alerts measured: the job's, or the baseline's at its operating point. */
        public List<Mark> triggers = List.of();

        public double threshold;
        public double precision;
        public double recall;
        public long[] leads = new long[0];
        public long medianLead;
        public double alertsPerDeviceDay;

        /** The best precision of the curve at the online model's recall or more. */
        public double precisionAtModelRecall;

        /** Per {@link #LEAD_MINUTES}: recall, and precision, with at least that lead. */
        public double[] recallByLead;

        public double[] precisionByLead;
    }

    /** One dataset. */
    public static final class DatasetResult {
        public String name;
        public String description;
        public long events;
        public int devices;
        public double days;

        /** Sum over devices of the time from their first to their last event (at least 1 h). */
        public double deviceDays;

        public long rejectedLines;
        public String firstRejection;
        public List<Mark> incidents = new ArrayList<>();

        /**
         * The outage incidents the job could have warned of ({@link Metrics#warnableIncidents}).
         */
        public int warnableIncidents;

        public List<Mark> changes = new ArrayList<>();
        public List<MethodResult> methods = new ArrayList<>();

        /** The online model's scores, for the risk chart. */
        public List<Point> modelScores = List.of();

        /** Wall-clock time of the three job runs and the ceiling's fits between them. */
        public long jobMillis;

        /** The dataset's own settings, with the values it was replayed with. */
        public Map<String, String> settings = Map.of();

        /** Labelled examples the learning-off replay gave, and how many were positive. */
        public long labelledExamples;

        public long positiveExamples;

        /** Labelled examples the online replay gave: the same, unless labelling depends on it. */
        public long onlineLabelledExamples;

        /** The online replay's {@code trainer.publish-every} and {@code min-window-examples}. */
        public int publishEvery;

        public int minWindowExamples;

        /** The online replay's publication checks, and the model versions it published. */
        public int publicationChecks;

        public List<Long> versionsPublished = List.of();

        /** How well the features can rank the learning-off replay's labelled examples. */
        public Ceiling ceiling;

        /**
         * The job's alerts with the ceiling's in-sample refit as its model, learning off; {@code
         * null} without a positive example to refit on.
         */
        public MethodResult refitAlerts;

        public MethodResult method(String name) {
            return methods.stream().filter(m -> m.name.equals(name)).findFirst().orElseThrow();
        }
    }

    public static List<ConfigOption<?>> options() {
        List<ConfigOption<?>> all =
                new ArrayList<>(
                        List.of(
                                DATASETS,
                                SHARED,
                                REPORT,
                                WORK_DIR,
                                SIMULATOR_DEVICES,
                                SIMULATOR_DAYS,
                                PUBLICATION_CHECKS,
                                PARALLELISM));
        all.addAll(PredictionJob.allOptions());
        return all;
    }

    public static void main(String[] args) throws Exception {
        Configuration options = JobArguments.parse(args, options());
        long started = System.nanoTime();
        List<String> specs =
                Arrays.stream(options.get(DATASETS).split(";"))
                        .map(String::trim)
                        .filter(spec -> !spec.isEmpty())
                        .toList();
        checkDatasets(specs);
        List<DatasetResult> results = new ArrayList<>();
        for (String spec : specs) {
            DatasetResult result = evaluate(spec, options);
            System.out.println(Report.summary(result));
            results.add(result);
        }
        Path report = Path.of(options.get(REPORT));
        Report.write(results, options, report, Duration.ofNanos(System.nanoTime() - started));
        System.out.println("Report written to " + report);
    }

    /**
     * A public dataset the evaluation converts itself, with the job options that map it ({@code
     * settings}), as an operator gives them for a new dataset; options on the command line win.
     */
    private record Known(
            String name, String description, Map<String, String> settings, Converter converter) {}

    /** Reads a public dataset from the folder of shared datasets. */
    @FunctionalInterface
    private interface Converter {
        List<OpsEvent> convert(Path shared) throws IOException;
    }

    /**
     * BGL's lines are a random sample of 2,000 of the log's 4.7 million: 1,778 nodes, a node's next
     * line in the sample mostly days later, so a node is never observed for the hour of {@code
     * features.warmup}. Its devices are scored from their first line on.
     */
    private static final Map<String, String> BGL_SETTINGS =
            Map.of(FeatureOptions.WARMUP.key(), "0 s");

    private static final Map<String, Known> KNOWN =
            Map.of(
                    "nab",
                    new Known(
                            "NAB realKnownCause",
                            "6 series with known failure causes, each a device; values as METRIC"
                                    + " samples, labelled failure timestamps as P1 incidents",
                            Map.of(),
                            shared -> Datasets.nab(shared.resolve(Datasets.NAB))),
                    "bgl",
                    new Known(
                            "loghub BGL (2k sample)",
                            "BlueGene/L log lines, node as device, level as severity;"
                                    + " alert-labelled lines also as P1 incidents",
                            BGL_SETTINGS,
                            shared -> Datasets.bgl(shared.resolve(Datasets.BGL))),
                    "servicenow",
                    new Known(
                            "ServiceNow incident log (UCI subset)",
                            "location as device; incidents with their priority (P1 and P2 are"
                                    + " outages), rfc and caused_by references as changes",
                            Map.of(),
                            shared -> Datasets.serviceNow(shared.resolve(Datasets.SERVICENOW))));

    /**
     * Checks every dataset before the first is replayed: each is known or well formed, and no two
     * would write the same files (a dataset's files and charts are named by {@link #slug} of its
     * name).
     */
    static void checkDatasets(List<String> specs) {
        Map<String, String> bySlug = new HashMap<>();
        for (String spec : specs) {
            String slug = slug(datasetName(spec));
            String earlier = bySlug.putIfAbsent(slug, spec);
            checkArgument(
                    earlier == null,
                    "Datasets '%s' and '%s' would write the same files (%s)",
                    earlier,
                    spec,
                    slug);
        }
    }

    /** The name a dataset spec gives its dataset; an unknown or malformed spec is refused. */
    static String datasetName(String spec) {
        Known known = KNOWN.get(spec);
        if (known != null) {
            return known.name();
        }
        if (spec.startsWith("simulator:")) {
            return SimulatedWorld.parse(spec.substring("simulator:".length())).name();
        }
        int equals = spec.indexOf('=');
        checkArgument(
                equals > 0 && spec.indexOf(':', equals) > equals + 1,
                "Unknown dataset '%s': nab, bgl, servicenow, simulator:SEED[?OPTION=VALUE&...] or"
                        + " NAME=FORMAT:PATH",
                spec);
        return spec.substring(0, equals);
    }

    /** Converts or reads the dataset {@code spec}, replays it and measures every method. */
    public static DatasetResult evaluate(String spec, Configuration commandLine) throws Exception {
        Known known = KNOWN.get(spec);
        Map<String, String> settings = known == null ? Map.of() : known.settings();
        Configuration options = withSettings(settings, commandLine);
        Path shared = Path.of(options.get(SHARED));
        Path work = Path.of(options.get(WORK_DIR));
        DatasetResult result = new DatasetResult();
        result.name = datasetName(spec);
        // What the dataset was replayed with: its settings, unless the command line gave them.
        Map<String, String> effective = options.toMap();
        result.settings = new TreeMap<>();
        settings.keySet().forEach(key -> result.settings.put(key, effective.get(key)));
        List<OpsEvent> converted;
        if (known != null) {
            result.description = known.description();
            converted = known.converter().convert(shared);
        } else if (spec.startsWith("simulator:")) {
            SimulatedWorld world = SimulatedWorld.parse(spec.substring("simulator:".length()));
            int days = options.get(SIMULATOR_DAYS);
            result.description =
                    options.get(SIMULATOR_DEVICES)
                            + " simulated devices, "
                            + days
                            + " days, "
                            + world.describe();
            Path history = work.resolve(slug(result.name) + ".jsonl.gz");
            SimulatedHistory.write(
                    SimulatorOptions.from(world.options(options.get(SIMULATOR_DEVICES))),
                    days,
                    history);
            converted =
                    EventFiles.read(
                                    history,
                                    "generic-json",
                                    IngestOptions.defaults(),
                                    FieldMapping.defaults())
                            .events;
        } else {
            String rest = spec.substring(spec.indexOf('=') + 1);
            String format = rest.substring(0, rest.indexOf(':'));
            Path file = Path.of(rest.substring(rest.indexOf(':') + 1));
            EventFiles.Read read =
                    EventFiles.read(
                            file, format, IngestOptions.from(options), FieldMapping.from(options));
            result.description = format + " records of " + file.getFileName();
            result.rejectedLines = read.rejected;
            result.firstRejection = read.firstRejection;
            converted = read.events;
        }
        Path eventFile = work.resolve(slug(result.name)).resolve("events.jsonl");
        EventFiles.write(converted, eventFile);
        List<OpsEvent> events =
                EventFiles.read(
                                eventFile,
                                "generic-json",
                                IngestOptions.defaults(),
                                FieldMapping.defaults())
                        .events;
        measure(result, events, eventFile, options);
        return result;
    }

    /** A dataset's own settings, under the command line's options. */
    static Configuration withSettings(Map<String, String> settings, Configuration commandLine) {
        Configuration options = Configuration.fromMap(settings);
        options.addAll(commandLine);
        return options;
    }

    /** Runs the job twice on the event file and measures it and the baselines. */
    static void measure(
            DatasetResult result, List<OpsEvent> events, Path eventFile, Configuration options)
            throws Exception {
        LabelOptions labels = LabelOptions.from(options);
        AlertPolicyOptions policy = AlertPolicyOptions.from(options);
        long horizon = policy.horizon.toMillis();
        long cooldown = policy.cooldown.toMillis();
        long quiet = policy.incidentQuietPeriod.toMillis();
        Map<String, long[]> spans = new TreeMap<>();
        for (OpsEvent event : events) {
            long[] span =
                    spans.computeIfAbsent(
                            event.deviceId, d -> new long[] {event.eventTime, event.eventTime});
            span[1] = event.eventTime;
            if (event.kind == EventKind.INCIDENT && labels.isOutage(event.priority)) {
                result.incidents.add(new Mark(event.deviceId, event.eventTime));
            } else if (event.kind == EventKind.CHANGE) {
                result.changes.add(new Mark(event.deviceId, event.eventTime));
            }
        }
        result.events = events.size();
        result.devices = spans.size();
        long first = events.isEmpty() ? 0 : events.get(0).eventTime;
        long last = events.isEmpty() ? 0 : events.get(events.size() - 1).eventTime;
        result.days = (last - first) / 86_400_000.0;
        // Each device counts from its first to its last event, at least an hour.
        double deviceDays = 0;
        for (long[] span : spans.values()) {
            deviceDays += Math.max(span[1] - span[0], 3_600_000L) / 86_400_000.0;
        }
        result.deviceDays = deviceDays;
        FeatureOptions features = FeatureOptions.from(options);
        result.warnableIncidents =
                Metrics.warnableIncidents(
                        events,
                        e -> e.kind == EventKind.INCIDENT && labels.isOutage(e.priority),
                        horizon,
                        quiet,
                        features.warmupMillis,
                        features.idleTimeoutMillis);

        long jobStart = System.nanoTime();
        JobOutput frozen = runJob(eventFile, events.size(), options, false);
        Configuration learning = onlineOptions(options, frozen.labelled.size());
        JobOutput online = runJob(eventFile, events.size(), learning, true);
        result.modelScores = online.scores;
        result.labelledExamples = frozen.labelled.size();
        result.positiveExamples = frozen.labelled.stream().filter(e -> e.positive).count();
        result.ceiling =
                Ceiling.measure(frozen.labelled, PredictionJob.loadStartModel(options).model());
        result.onlineLabelledExamples = online.labelled.size();
        result.publishEvery = learning.get(TrainerOptions.PUBLISH_EVERY);
        result.minWindowExamples = learning.get(TrainerOptions.MIN_WINDOW_EXAMPLES);
        result.publicationChecks = online.publicationChecks;
        result.versionsPublished = online.versionsPublished;

        Truth truth = new Truth(result.incidents, horizon, cooldown, quiet, deviceDays);
        if (result.ceiling.bestFeature() != null) {
            // The in-sample refit as the job's model: what this refit, which has seen the labels,
            // warns of through the job's threshold and alert lifecycle.
            Path refitFile = eventFile.resolveSibling("refit-in-sample.bin");
            ModelFile.write(refitFile, result.ceiling.refitModel());
            Configuration withRefit = new Configuration(options);
            withRefit.set(PredictionJob.MODEL_START, refitFile.toString());
            result.refitAlerts =
                    fromJob(REFIT, runJob(eventFile, events.size(), withRefit, false), truth);
        }
        result.jobMillis = (System.nanoTime() - jobStart) / 1_000_000;
        MethodResult model = fromJob(ONLINE, online, truth);
        model.threshold = policy.triggerThreshold;
        double recall = Double.isNaN(model.recall) ? 0 : model.recall;
        model.precisionAtModelRecall = Metrics.precisionAtRecall(model.curve, recall);
        MethodResult off = fromJob(FROZEN, frozen, truth);
        off.threshold = policy.triggerThreshold;
        off.precisionAtModelRecall = Metrics.precisionAtRecall(off.curve, recall);
        result.methods.add(model);
        result.methods.add(off);
        Map<String, List<Point>> baselines = new LinkedHashMap<>();
        baselines.put(EVENT_RATE, Baselines.eventRate(events));
        baselines.put(EWMA, Baselines.ewmaZScore(events));
        baselines.put(CHANGE_ERRORS, Baselines.changeThenErrors(events));
        for (Map.Entry<String, List<Point>> baseline : baselines.entrySet()) {
            result.methods.add(fromScores(baseline.getKey(), baseline.getValue(), recall, truth));
        }
    }

    /**
     * The options of the online replay: with {@code evaluate.publication-checks} above 0, {@code
     * trainer.publish-every} is {@code labelledExamples} over it (at least 1) and {@code
     * trainer.min-window-examples} at most that, so that the first check can publish.
     */
    static Configuration onlineOptions(Configuration options, long labelledExamples) {
        Configuration online = new Configuration(options);
        int checks = options.get(PUBLICATION_CHECKS);
        if (checks > 0) {
            int every = (int) Math.max(1, labelledExamples / checks);
            online.set(TrainerOptions.PUBLISH_EVERY, every);
            online.set(
                    TrainerOptions.MIN_WINDOW_EXAMPLES,
                    Math.min(every, options.get(TrainerOptions.MIN_WINDOW_EXAMPLES)));
        }
        return online;
    }

    /** What one run of the job gave. */
    static final class JobOutput {
        List<Mark> triggers = new ArrayList<>();
        List<Point> scores = new ArrayList<>();

        /** The labelled examples, in the order the job emitted them. */
        List<LabeledExample> labelled = List.of();

        int publicationChecks;
        List<Long> versionsPublished = new ArrayList<>();
    }

    /** Runs the prediction job, bounded, on the event file; learning online or not. */
    static JobOutput runJob(Path eventFile, long count, Configuration options, boolean learning)
            throws Exception {
        Configuration job = new Configuration(options);
        job.set(TrainerOptions.ENABLED, learning);
        // Publication by example count only, so that a run does not depend on the wall clock.
        job.set(TrainerOptions.PUBLISH_INTERVAL, Duration.ZERO);
        job.set(PredictionJob.PRINT_ALERTS, false);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(options.get(PARALLELISM));
        MemorySink<Alert> alerts = new MemorySink<>();
        MemorySink<Score> scores = new MemorySink<>();
        MemorySink<LabeledExample> examples = new MemorySink<>();
        MemorySink<TrainingReport> reports = new MemorySink<>();
        MemorySink<ModelVersion> versions = new MemorySink<>();
        try {
            PredictionJob prediction =
                    new PredictionJob(
                                    job,
                                    PredictionJob.loadStartModel(job),
                                    EventFiles.source(eventFile, count),
                                    alerts)
                            .withSourceParallelism(1)
                            .withSourceWatermarks(
                                    EveryEventWatermarks.strategy(
                                            job.get(PredictionJob.MAX_OUT_OF_ORDERNESS).toMillis()))
                            .withScoreSink(scores)
                            .withLabeledExampleSink(examples);
            if (learning) {
                prediction.withTrainingReportSink(reports).withModelVersionSink(versions);
            }
            prediction.execute(env);
            JobOutput output = new JobOutput();
            output.labelled = examples.results();
            output.publicationChecks = reports.results().size();
            for (ModelVersion version : versions.results()) {
                output.versionsPublished.add(version.version);
            }
            output.versionsPublished.sort(Comparator.naturalOrder());
            for (Alert alert : alerts.results()) {
                if (alert.status == AlertStatus.TRIGGER) {
                    output.triggers.add(new Mark(alert.deviceId, alert.eventTime));
                }
            }
            output.triggers.sort(Comparator.comparingLong(Mark::time).thenComparing(Mark::device));
            for (Score score : scores.results()) {
                output.scores.add(new Point(score.deviceId, score.eventTime, score.probability));
            }
            output.scores.sort(Comparator.comparingLong(Point::time).thenComparing(Point::device));
            return output;
        } finally {
            alerts.clear();
            scores.clear();
            examples.clear();
            reports.clear();
            versions.clear();
        }
    }

    /** What every method is measured against, and with. */
    private record Truth(
            List<Mark> incidents, long horizon, long cooldown, long quiet, double deviceDays) {}

    private static MethodResult fromJob(String name, JobOutput output, Truth truth) {
        MethodResult method = new MethodResult();
        method.name = name;
        method.jobAlerts = true;
        scored(method, output.scores, truth);
        alerted(method, output.triggers, truth);
        return method;
    }

    private static MethodResult fromScores(
            String name, List<Point> scores, double modelRecall, Truth truth) {
        List<Mark> incidents = truth.incidents();
        MethodResult method = new MethodResult();
        method.name = name;
        scored(method, scores, truth);
        method.precisionAtModelRecall = Metrics.precisionAtRecall(method.curve, modelRecall);
        Operating point = Metrics.operatingPoint(method.curve, modelRecall);
        List<Mark> triggers =
                point == null
                        ? List.of()
                        : Metrics.triggers(
                                scores,
                                incidents,
                                point.threshold(),
                                truth.cooldown(),
                                truth.quiet());
        method.threshold = point == null ? Double.NaN : point.threshold();
        alerted(method, triggers, truth);
        return method;
    }

    private static void scored(MethodResult method, List<Point> scores, Truth truth) {
        List<Mark> incidents = truth.incidents();
        long horizon = truth.horizon();
        method.scores = scores.size();
        method.averagePrecision = Metrics.averagePrecision(scores, incidents, horizon);
        method.positiveShare = Metrics.positiveShare(scores, incidents, horizon);
        method.curve =
                Metrics.curve(
                        scores,
                        incidents,
                        Metrics.thresholds(scores, CURVE_POINTS),
                        horizon,
                        truth.cooldown(),
                        truth.quiet());
    }

    private static void alerted(MethodResult method, List<Mark> triggers, Truth truth) {
        List<Mark> incidents = truth.incidents();
        long horizon = truth.horizon();
        double deviceDays = truth.deviceDays();
        method.triggers = triggers;
        method.precision = Metrics.precision(triggers, incidents, 0, horizon);
        method.leads = Metrics.leads(incidents, triggers, horizon);
        method.recall = Metrics.recall(method.leads, 0);
        method.medianLead = Metrics.medianLead(method.leads);
        method.alertsPerDeviceDay = triggers.size() / deviceDays;
        method.recallByLead = new double[LEAD_MINUTES.length];
        method.precisionByLead = new double[LEAD_MINUTES.length];
        for (int i = 0; i < LEAD_MINUTES.length; i++) {
            long lead = LEAD_MINUTES[i] * 60_000L;
            method.recallByLead[i] = Metrics.recall(method.leads, lead);
            method.precisionByLead[i] = Metrics.precision(triggers, incidents, lead, horizon);
        }
    }

    /** Devices by their number of outage incidents, most first (ties by name). */
    static List<String> devicesByIncidents(DatasetResult result) {
        Map<String, Integer> counts = new HashMap<>();
        result.incidents.forEach(i -> counts.merge(i.device(), 1, Integer::sum));
        List<String> devices = new ArrayList<>(counts.keySet());
        devices.sort(Comparator.comparing((String d) -> -counts.get(d)).thenComparing(d -> d));
        return devices;
    }

    private static final int MAX_SLUG = 80;

    /** A dataset's name as a file name: "loghub BGL (2k sample)" gives "loghub-bgl-2k-sample". */
    static String slug(String name) {
        String slug =
                name.replaceAll("[^A-Za-z0-9]+", "-")
                        .replaceAll("^-|-$", "")
                        .toLowerCase(Locale.ROOT);
        // A simulated world with many options has a long name: cut, with the whole name's hash to
        // keep it apart from others, so that file names stay well below file systems' limits.
        return slug.length() <= MAX_SLUG
                ? slug
                : slug.substring(0, MAX_SLUG) + "-" + Integer.toHexString(name.hashCode());
    }

    static void ensureParent(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
    }
}
