package org.outagepredictor;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.Collector;
import org.outagepredictor.alerting.Alert;
import org.outagepredictor.alerting.AlertJson;
import org.outagepredictor.alerting.AlertPolicyOptions;
import org.outagepredictor.alerting.LocalAlertSink;
import org.outagepredictor.alerting.Score;
import org.outagepredictor.alerting.ScoreJson;
import org.outagepredictor.alerting.Scorer;
import org.outagepredictor.board.BoardOptions;
import org.outagepredictor.board.EmbeddedBoard;
import org.outagepredictor.config.JobArguments;
import org.outagepredictor.delivery.DeliveryFunction;
import org.outagepredictor.delivery.DeliveryOptions;
import org.outagepredictor.delivery.DeliveryResult;
import org.outagepredictor.delivery.DeliveryResultJson;
import org.outagepredictor.delivery.DeliveryStatus;
import org.outagepredictor.event.OpsEvent;
import org.outagepredictor.faults.FailureInjector;
import org.outagepredictor.features.DeviceFeatures;
import org.outagepredictor.features.FeatureOptions;
import org.outagepredictor.features.FeatureSnapshot;
import org.outagepredictor.features.LabelOptions;
import org.outagepredictor.features.LabeledExample;
import org.outagepredictor.features.LabeledExampleJson;
import org.outagepredictor.ingest.FieldMapping;
import org.outagepredictor.ingest.IngestOptions;
import org.outagepredictor.ingest.KafkaInputs;
import org.outagepredictor.ingest.KafkaOptions;
import org.outagepredictor.ingest.KafkaOutputs;
import org.outagepredictor.ingest.KeyedJson;
import org.outagepredictor.ingest.MappingOptions;
import org.outagepredictor.ingest.ParsedRecord;
import org.outagepredictor.ingest.ParsedRecordRouter;
import org.outagepredictor.ingest.ParsingDeserializer;
import org.outagepredictor.ingest.RecordIngester;
import org.outagepredictor.model.ModelDirectory;
import org.outagepredictor.model.ModelDirectorySink;
import org.outagepredictor.model.ModelFile;
import org.outagepredictor.model.ModelVersion;
import org.outagepredictor.model.ModelVersionJson;
import org.outagepredictor.model.StartModel;
import org.outagepredictor.model.Trainer;
import org.outagepredictor.model.TrainerOptions;
import org.outagepredictor.model.TrainingReport;
import org.outagepredictor.output.FanOutSink;
import org.outagepredictor.output.JsonLinesFileSink;
import org.outagepredictor.simulate.FleetSource;
import org.outagepredictor.simulate.SimulatorOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outage-prediction job: events → per-device features (RocksDB) → score → alert lifecycle →
 * alert outputs. The source and the alert sink are given to the constructor, so tests run the same
 * pipeline on their own inputs and outputs; {@link #main} wires the built-in fleet simulator and
 * the local alert output.
 *
 * <p>Options of this class (every other option is listed in docs/configuration.md):
 *
 * <ul>
 *   <li>{@code job.name} (Outage predictor): the job's name in the dashboard.
 *   <li>{@code job.max-parallelism} (720): key groups of the keyed state; fixed once a savepoint
 *       exists.
 *   <li>{@code job.local-conf-dir} (none): run in an embedded Flink with the web dashboard, with
 *       the Flink configuration (config.yaml) of this directory. Without it the job runs wherever
 *       {@code flink run} sends it.
 *   <li>{@code model.start} (bundled): the model scoring starts with and training continues from:
 *       {@code bundled} (shipped in the jar, {@value #BUNDLED_MODEL}), {@code zero} (no model: no
 *       scores until the trainer publishes its first version), {@code latest} (the highest version
 *       in {@code model.directory}), a version number in {@code model.directory}, or the path of a
 *       model file in Flink ML's LogisticRegressionModelData encoding.
 *   <li>{@code model.directory} (none): write every published version there, with the trainer's
 *       reports in {@code training-reports.jsonl}.
 *   <li>{@code alerts.print} (true): print each alert readably on standard output.
 *   <li>{@code alerts.output-file} (none): append alerts as JSON lines to this file.
 *   <li>{@code simulator.events-per-second} (0 = as fast as possible): the simulator's rate.
 *   <li>{@code simulator.max-events} (0 = endless): stop after this many simulated events.
 *   <li>{@code job.input} (simulator): where events come from: {@code simulator} (the built-in
 *       fleet) or {@code kafka} (the topics of {@code kafka.inputs}, parsed by format, with dead
 *       letters, alerts, model versions and scores to their topics; docs/kafka.md).
 *   <li>{@code source.max-out-of-orderness} (1 min): how late an event may be and still be in time.
 *   <li>{@code source.idleness} (1 min): an input with no events for this long stops holding back
 *       the watermark.
 *   <li>{@code board.embedded} (false), {@code board.host}, {@code board.port}, {@code
 *       board.max-devices}, {@code board.history-length}: the risk board in the embedded run's JVM
 *       ({@link EmbeddedBoard}).
 *   <li>{@code test.failures} (none): fault injection for reliability tests ({@link
 *       FailureInjector}).
 * </ul>
 */
public final class PredictionJob {

    private static final Logger LOG = LoggerFactory.getLogger(PredictionJob.class);

    /** Classpath location of the model shipped with the job (see docs/model.md). */
    public static final String BUNDLED_MODEL = "/models/initial-model.bin";

    public static final ConfigOption<String> JOB_NAME =
            ConfigOptions.key("job.name")
                    .stringType()
                    .defaultValue("Outage predictor")
                    .withDescription("The job's name in the Flink dashboard.");

    public static final ConfigOption<Integer> MAX_PARALLELISM =
            ConfigOptions.key("job.max-parallelism")
                    .intType()
                    .defaultValue(720)
                    .withDescription(
                            "Key groups of the keyed state: the highest parallelism the job can"
                                    + " ever be rescaled to. Fixed once a savepoint exists.");

    public static final ConfigOption<String> LOCAL_CONF_DIR =
            ConfigOptions.key("job.local-conf-dir")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Run in an embedded Flink with the web dashboard, configured by the"
                                    + " config.yaml in this directory.");

    public static final ConfigOption<String> MODEL_START =
            ConfigOptions.key("model.start")
                    .stringType()
                    .defaultValue("bundled")
                    .withDescription(
                            "The model scoring starts with and training continues from: 'bundled'"
                                    + " (shipped in the jar), 'zero' (no model: no scores until"
                                    + " the trainer publishes its first version), 'latest' (the"
                                    + " highest version in model.directory), a version number in"
                                    + " model.directory, or the path of a model file in Flink"
                                    + " ML's LogisticRegressionModelData encoding.");

    public static final ConfigOption<String> MODEL_DIRECTORY =
            ConfigOptions.key("model.directory")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Write every published model version to this directory"
                                    + " (model-<version>.bin), and the trainer's reports to"
                                    + " training-reports.jsonl in it. On a cluster it must be a"
                                    + " volume the TaskManagers share.");

    public static final ConfigOption<Boolean> PRINT_ALERTS =
            ConfigOptions.key("alerts.print")
                    .booleanType()
                    .defaultValue(true)
                    .withDescription("Print each alert readably on standard output.");

    public static final ConfigOption<String> ALERTS_OUTPUT_FILE =
            ConfigOptions.key("alerts.output-file")
                    .stringType()
                    .noDefaultValue()
                    .withDescription("Append alerts as JSON lines to this file.");

    public static final ConfigOption<Double> SIMULATOR_EVENTS_PER_SECOND =
            ConfigOptions.key("simulator.events-per-second")
                    .doubleType()
                    .defaultValue(0.0)
                    .withDescription(
                            "Events per second the simulator emits, over all its subtasks;"
                                    + " 0 for as fast as possible.");

    public static final ConfigOption<Long> SIMULATOR_MAX_EVENTS =
            ConfigOptions.key("simulator.max-events")
                    .longType()
                    .defaultValue(0L)
                    .withDescription("Stop after this many simulated events; 0 for endless.");

    /** Where the job's events come from. */
    public enum Input {
        /** The built-in fleet simulator. */
        SIMULATOR,
        /** The Kafka topics of {@code kafka.inputs}. */
        KAFKA;

        @Override
        public String toString() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public static final ConfigOption<Input> INPUT =
            ConfigOptions.key("job.input")
                    .enumType(Input.class)
                    .defaultValue(Input.SIMULATOR)
                    .withDescription(
                            "Where events come from: simulator (the built-in fleet) or kafka (the"
                                    + " topics of kafka.inputs, parsed by format; dead letters,"
                                    + " alerts, model versions and scores then go to their topics"
                                    + " too).");

    public static final ConfigOption<Duration> MAX_OUT_OF_ORDERNESS =
            ConfigOptions.key("source.max-out-of-orderness")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(1))
                    .withDescription(
                            "How far behind the newest event an event may be and still be on"
                                    + " time. Kafka inputs keep a watermark per partition, so this"
                                    + " must cover the producers' delays within a partition, not"
                                    + " the skew between partitions. The simulator emits in"
                                    + " order.");

    public static final ConfigOption<Duration> SOURCE_IDLENESS =
            ConfigOptions.key("source.idleness")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(1))
                    .withDescription(
                            "An input with no events for this long (wall clock) stops holding"
                                    + " back the watermark, so a quiet topic does not stall event"
                                    + " time.");

    private final Configuration options;
    private final StartModel start;

    /** The events' source, or {@code null} when they come from {@link #kafkaInputs}. */
    private final Source<OpsEvent, ?, ?> source;

    /** Kafka inputs, or {@code null} when events come from {@link #source}. */
    private final KafkaInputs kafkaInputs;

    private final Sink<Alert> alertSink;

    /** Parallelism of the source; 0 for the job's. */
    private int sourceParallelism;

    private WatermarkStrategy<OpsEvent> sourceWatermarks;
    private Sink<LabeledExample> labeledExampleSink;
    private Sink<ModelVersion> modelVersionSink;
    private Sink<TrainingReport> trainingReportSink;
    private Sink<Score> scoreSink;
    private Sink<DeliveryResult> deliveryResultSink;
    private DeliveryFunction.Environment deliveryEnvironment = System::getenv;

    /**
     * @param start the model scoring starts with and training continues from ({@link
     *     StartModel#none()} to start from zero)
     */
    public PredictionJob(
            Configuration options,
            StartModel start,
            Source<OpsEvent, ?, ?> source,
            Sink<Alert> alertSink) {
        this.options = options;
        this.start = start;
        this.source = source;
        this.kafkaInputs = null;
        this.alertSink = alertSink;
    }

    /**
     * A job on Kafka inputs: records are parsed by their topic's format in the sources ({@link
     * ParsingDeserializer}), what cannot be parsed goes to the dead-letter topic, and alerts,
     * labels, model versions and scores also go to their topics ({@link KafkaOutputs}).
     *
     * @param alertSink where alerts go besides the alerts topic (the console and a local file)
     */
    public PredictionJob(
            Configuration options, StartModel start, KafkaInputs inputs, Sink<Alert> alertSink) {
        this.options = options;
        this.start = start;
        this.source = null;
        this.kafkaInputs = inputs;
        this.alertSink = alertSink;
    }

    /**
     * The injected source's event times and watermarks, instead of {@link
     * #watermarkStrategy(Configuration)}: for a replay whose timers must fire at the same events in
     * every run, which periodic watermarks do not give.
     */
    public PredictionJob withSourceWatermarks(WatermarkStrategy<OpsEvent> watermarks) {
        this.sourceWatermarks = watermarks;
        return this;
    }

    /** Also sends every labelled example (what the trainer learns from) to {@code sink}. */
    public PredictionJob withLabeledExampleSink(Sink<LabeledExample> sink) {
        this.labeledExampleSink = sink;
        return this;
    }

    /** Also sends every published model version to {@code sink}. */
    public PredictionJob withModelVersionSink(Sink<ModelVersion> sink) {
        this.modelVersionSink = sink;
        return this;
    }

    /** Also sends the trainer's report of every publication check to {@code sink}. */
    public PredictionJob withTrainingReportSink(Sink<TrainingReport> sink) {
        this.trainingReportSink = sink;
        return this;
    }

    /**
     * Where on-call delivery reads its secrets ({@code delivery.target.<name>.secret-env}); the
     * TaskManagers' environment unless a test gives its own.
     */
    public PredictionJob withDeliveryEnvironment(DeliveryFunction.Environment environment) {
        this.deliveryEnvironment = environment;
        return this;
    }

    /** Also sends the outcome of every on-call delivery to {@code sink}. */
    public PredictionJob withDeliveryResultSink(Sink<DeliveryResult> sink) {
        this.deliveryResultSink = sink;
        return this;
    }

    /** Also sends every score (device, time, probability, model version) to {@code sink}. */
    public PredictionJob withScoreSink(Sink<Score> sink) {
        this.scoreSink = sink;
        return this;
    }

    /** Every option the job reads, for argument checking and the configuration docs. */
    public static List<ConfigOption<?>> allOptions() {
        List<ConfigOption<?>> all = new ArrayList<>(jobOptions());
        all.addAll(SimulatorOptions.options());
        all.addAll(KafkaOptions.options());
        all.addAll(IngestOptions.options());
        all.addAll(MappingOptions.options());
        all.addAll(FeatureOptions.options());
        all.addAll(LabelOptions.options());
        all.addAll(TrainerOptions.options());
        all.addAll(AlertPolicyOptions.options());
        all.addAll(DeliveryOptions.options());
        return all;
    }

    static List<ConfigOption<?>> jobOptions() {
        return List.of(
                JOB_NAME,
                MAX_PARALLELISM,
                LOCAL_CONF_DIR,
                INPUT,
                MODEL_START,
                MODEL_DIRECTORY,
                PRINT_ALERTS,
                ALERTS_OUTPUT_FILE,
                SIMULATOR_EVENTS_PER_SECOND,
                SIMULATOR_MAX_EVENTS,
                MAX_OUT_OF_ORDERNESS,
                SOURCE_IDLENESS,
                EmbeddedBoard.ENABLED,
                BoardOptions.HOST,
                BoardOptions.PORT,
                BoardOptions.MAX_DEVICES,
                BoardOptions.HISTORY_LENGTH,
                FailureInjector.FAILURES);
    }

    /**
     * Runs the source at {@code parallelism} instead of the job's parallelism: a source that cannot
     * use every subtask (a simulated fleet smaller than the parallelism) still runs.
     */
    public PredictionJob withSourceParallelism(int parallelism) {
        this.sourceParallelism = parallelism;
        return this;
    }

    /** Builds the pipeline on {@code env} and runs it until the source ends or the job stops. */
    public JobExecutionResult execute(StreamExecutionEnvironment env) throws Exception {
        build(env);
        return env.execute(options.get(JOB_NAME));
    }

    /**
     * Adds the pipeline to {@code env}, for a caller that runs it itself ({@code executeAsync} in
     * the benchmark).
     */
    public void build(StreamExecutionEnvironment env) {
        Configuration pipeline = new Configuration();
        // Kryo would hide a non-POJO type until a savepoint fails to restore; fail at start
        // instead.
        pipeline.set(PipelineOptions.GENERIC_TYPES, false);
        // A missing uid would make savepoints unusable after any change to the graph.
        pipeline.set(PipelineOptions.AUTO_GENERATE_UIDS, false);
        env.configure(pipeline);
        env.setMaxParallelism(options.get(MAX_PARALLELISM));

        DataStream<OpsEvent> events;
        if (source != null) {
            SingleOutputStreamOperator<OpsEvent> simulated =
                    env.fromSource(
                                    source,
                                    sourceWatermarks != null
                                            ? sourceWatermarks
                                            : watermarkStrategy(options),
                                    Operators.FLEET_SIMULATOR.displayName)
                            .uid(Operators.FLEET_SIMULATOR.uid);
            if (sourceParallelism > 0) {
                simulated.setParallelism(sourceParallelism);
            }
            events = simulated;
        } else {
            events = kafkaEvents(env);
        }
        List<String> failures = options.get(FailureInjector.FAILURES);
        if (!failures.isEmpty()) {
            LOG.warn("Fault injection is on: {} {}", FailureInjector.KEY, failures);
            events =
                    events.map(new FailureInjector(failures))
                            .uid(Operators.FAILURE_INJECTOR.uid)
                            .name(Operators.FAILURE_INJECTOR.displayName);
        }

        SingleOutputStreamOperator<FeatureSnapshot> snapshots =
                events.keyBy(event -> event.deviceId, Types.STRING)
                        .process(
                                new DeviceFeatures(
                                        FeatureOptions.from(options), LabelOptions.from(options)))
                        .uid(Operators.DEVICE_FEATURES.uid)
                        .name(Operators.DEVICE_FEATURES.displayName);

        if (labeledExampleSink != null) {
            snapshots
                    .getSideOutput(DeviceFeatures.LABELED_EXAMPLES)
                    .sinkTo(labeledExampleSink)
                    .uid(Operators.LABEL_OUTPUT.uid)
                    .name(Operators.LABEL_OUTPUT.displayName);
        }
        AlertPolicyOptions policy = AlertPolicyOptions.from(options);
        DataStream<ModelVersion> versions = modelVersions(env, snapshots, policy);

        // Snapshots leave DeviceFeatures on the subtask that owns their device, so the Scorer can
        // take them as already keyed: no second shuffle.
        SingleOutputStreamOperator<Alert> alerts =
                DataStreamUtils.reinterpretAsKeyedStream(
                                snapshots, snapshot -> snapshot.deviceId, Types.STRING)
                        .connect(versions.broadcast(Scorer.MODELS))
                        .process(new Scorer(start.model(), policy))
                        .uid(Operators.SCORER.uid)
                        .name(Operators.SCORER.displayName);

        alerts.sinkTo(alertSink)
                .uid(Operators.LOCAL_ALERT_OUTPUT.uid)
                .name(Operators.LOCAL_ALERT_OUTPUT.displayName)
                .setParallelism(1);
        if (!options.get(DeliveryOptions.TARGETS).isEmpty()) {
            deliver(alerts);
        }
        if (kafkaInputs != null) {
            KafkaOptions kafka = KafkaOptions.from(options);
            alerts.map(alert -> new KeyedJson(alert.dedupKey, AlertJson.toJson(alert)))
                    .uid(Operators.KAFKA_ALERT_OUTPUT.uid + "-json")
                    .name("Alerts as JSON")
                    .sinkTo(KafkaOutputs.alerts(kafka))
                    .uid(Operators.KAFKA_ALERT_OUTPUT.uid)
                    .name(Operators.KAFKA_ALERT_OUTPUT.displayName);
            versions.map(
                            version ->
                                    new KeyedJson(
                                            String.valueOf(version.version),
                                            ModelVersionJson.toJson(version)))
                    .uid(Operators.KAFKA_MODEL_VERSION_OUTPUT.uid + "-json")
                    .name("Model versions as JSON")
                    .setParallelism(1)
                    .sinkTo(KafkaOutputs.modelVersions(kafka))
                    .uid(Operators.KAFKA_MODEL_VERSION_OUTPUT.uid)
                    .name(Operators.KAFKA_MODEL_VERSION_OUTPUT.displayName)
                    .setParallelism(1);
            snapshots
                    .getSideOutput(DeviceFeatures.LABELED_EXAMPLES)
                    .map(
                            example ->
                                    new KeyedJson(
                                            LabeledExampleJson.key(example),
                                            LabeledExampleJson.toJson(example)))
                    .uid(Operators.KAFKA_LABEL_OUTPUT.uid + "-json")
                    .name("Labels as JSON")
                    .sinkTo(KafkaOutputs.labels(kafka))
                    .uid(Operators.KAFKA_LABEL_OUTPUT.uid)
                    .name(Operators.KAFKA_LABEL_OUTPUT.displayName);
            alerts.getSideOutput(Scorer.SCORES)
                    .map(score -> new KeyedJson(score.deviceId, ScoreJson.toJson(score)))
                    .uid(Operators.KAFKA_SCORE_OUTPUT.uid + "-json")
                    .name("Scores as JSON")
                    .sinkTo(KafkaOutputs.scores(kafka))
                    .uid(Operators.KAFKA_SCORE_OUTPUT.uid)
                    .name(Operators.KAFKA_SCORE_OUTPUT.displayName);
        }
        if (scoreSink != null) {
            alerts.getSideOutput(Scorer.SCORES)
                    .sinkTo(scoreSink)
                    .uid(Operators.SCORE_OUTPUT.uid)
                    .name(Operators.SCORE_OUTPUT.displayName);
        }
    }

    /**
     * Sends alerts to the on-call targets of {@code delivery.targets} through async I/O; what
     * finally fails goes to the delivery dead-letter topic with Kafka inputs, and is logged by the
     * delivery client either way. One subtask delivers: a receiver's rate limit is per API key,
     * which one client then keeps exactly, and alerts are few (one open per device at most), while
     * async I/O keeps {@code delivery.max-in-flight} of them in flight.
     */
    private void deliver(DataStream<Alert> alerts) {
        SingleOutputStreamOperator<DeliveryResult> results =
                AsyncDataStream.unorderedWait(
                                alerts,
                                new DeliveryFunction(options, deliveryEnvironment),
                                DeliveryOptions.asyncTimeoutMillis(options),
                                TimeUnit.MILLISECONDS,
                                options.get(DeliveryOptions.MAX_IN_FLIGHT))
                        .uid(Operators.DELIVERY.uid)
                        .name(Operators.DELIVERY.displayName)
                        .setParallelism(1);
        if (deliveryResultSink != null) {
            results.sinkTo(deliveryResultSink)
                    .uid(Operators.DELIVERY_RESULT_OUTPUT.uid)
                    .name(Operators.DELIVERY_RESULT_OUTPUT.displayName);
        }
        if (kafkaInputs != null) {
            results.filter(result -> result.status == DeliveryStatus.DEAD_LETTER)
                    .uid(Operators.DELIVERY_DEAD_LETTER_OUTPUT.uid + "-filter")
                    .name("Undelivered alerts")
                    .map(
                            result ->
                                    new KeyedJson(
                                            result.dedupKey, DeliveryResultJson.toJson(result)))
                    .uid(Operators.DELIVERY_DEAD_LETTER_OUTPUT.uid + "-json")
                    .name("Undelivered alerts as JSON")
                    .sinkTo(
                            KafkaOutputs.atLeastOnce(
                                    KafkaOptions.from(options),
                                    KafkaOptions.from(options).deliveryDeadLettersTopic))
                    .uid(Operators.DELIVERY_DEAD_LETTER_OUTPUT.uid)
                    .name(Operators.DELIVERY_DEAD_LETTER_OUTPUT.displayName);
        }
    }

    /**
     * Event time and watermarks of the job's events: {@code source.max-out-of-orderness} and {@code
     * source.idleness}.
     */
    public static WatermarkStrategy<OpsEvent> watermarkStrategy(Configuration options) {
        return watermarkStrategy(options, (event, previous) -> event.eventTime);
    }

    /** The same, for records of any type with the event time that {@code eventTime} gives. */
    private static <T> WatermarkStrategy<T> watermarkStrategy(
            Configuration options, SerializableTimestampAssigner<T> eventTime) {
        return WatermarkStrategy.<T>forBoundedOutOfOrderness(options.get(MAX_OUT_OF_ORDERNESS))
                .withTimestampAssigner(eventTime)
                .withIdleness(options.get(SOURCE_IDLENESS));
    }

    /**
     * Kafka records parsed into events by the sources (each input's records by its format, with a
     * watermark per partition); records that give no valid event go to the dead-letter topic,
     * counted by the router's metrics.
     */
    private DataStream<OpsEvent> kafkaEvents(StreamExecutionEnvironment env) {
        RecordIngester ingester =
                new RecordIngester(IngestOptions.from(options), FieldMapping.from(options));
        WatermarkStrategy<ParsedRecord> watermarks =
                watermarkStrategy(options, (record, previous) -> record.newestEventTime());
        SingleOutputStreamOperator<OpsEvent> parsed =
                kafkaInputs
                        .addTo(env, ingester, watermarks)
                        .process(new ParsedRecordRouter())
                        .uid(Operators.PARSE.uid)
                        .name(Operators.PARSE.displayName);
        parsed.getSideOutput(ParsedRecordRouter.DEAD_LETTERS)
                .map(
                        letter ->
                                new KeyedJson(
                                        letter.source
                                                + "/"
                                                + letter.partition
                                                + "@"
                                                + letter.offset,
                                        letter.toJson()))
                .uid(Operators.DEAD_LETTER_OUTPUT.uid + "-json")
                .name("Dead letters as JSON")
                .sinkTo(KafkaOutputs.deadLetters(KafkaOptions.from(options)))
                .uid(Operators.DEAD_LETTER_OUTPUT.uid)
                .name(Operators.DEAD_LETTER_OUTPUT.displayName);
        return parsed;
    }

    /**
     * The trainer, at parallelism 1, learning from the labelled examples that DeviceFeatures emits;
     * or, with training disabled, a stream that never carries a version.
     */
    private DataStream<ModelVersion> modelVersions(
            StreamExecutionEnvironment env,
            SingleOutputStreamOperator<FeatureSnapshot> snapshots,
            AlertPolicyOptions policy) {
        TrainerOptions trainerOptions = TrainerOptions.from(options);
        if (!trainerOptions.enabled) {
            // One number that is dropped: a finite source of no model versions. (An empty
            // collection source fails in Flink 1.20.)
            return env.fromSequence(0, 0)
                    .uid(Operators.NO_MODEL_UPDATES.uid)
                    .name(Operators.NO_MODEL_UPDATES.displayName)
                    .setParallelism(1)
                    .flatMap((Long ignored, Collector<ModelVersion> none) -> {})
                    .returns(TypeInformation.of(ModelVersion.class))
                    .uid(Operators.NO_MODEL_UPDATES.uid + "-drop")
                    .name(Operators.NO_MODEL_UPDATES.displayName)
                    .setParallelism(1);
        }
        SingleOutputStreamOperator<ModelVersion> published =
                snapshots
                        .getSideOutput(DeviceFeatures.LABELED_EXAMPLES)
                        .process(new Trainer(trainerOptions, policy.triggerThreshold, start))
                        .uid(Operators.TRAINER.uid)
                        .name(Operators.TRAINER.displayName)
                        .setParallelism(1)
                        .setMaxParallelism(1);
        if (modelVersionSink != null) {
            published
                    .sinkTo(modelVersionSink)
                    .uid(Operators.MODEL_VERSION_OUTPUT.uid)
                    .name(Operators.MODEL_VERSION_OUTPUT.displayName)
                    .setParallelism(1);
        }
        if (trainingReportSink != null) {
            published
                    .getSideOutput(Trainer.REPORTS)
                    .sinkTo(trainingReportSink)
                    .uid(Operators.TRAINING_REPORT_OUTPUT.uid)
                    .name(Operators.TRAINING_REPORT_OUTPUT.displayName)
                    .setParallelism(1);
        }
        return published;
    }

    /**
     * The model named by {@code model.start}, with its FTRL state where it was saved with it.
     *
     * @throws IllegalArgumentException if {@code latest} or a version is asked for without a {@code
     *     model.directory}, or the directory has no model
     */
    public static StartModel loadStartModel(Configuration options) throws Exception {
        String start = options.get(MODEL_START).trim();
        String directory = options.get(MODEL_DIRECTORY);
        StartModel model;
        if (start.equals("zero")) {
            LOG.info("Starting from zero: no scores until the trainer publishes a model");
            return StartModel.none();
        } else if (start.equals("bundled")) {
            model = ModelFile.readResourceWithFtrlState(BUNDLED_MODEL);
        } else if (start.equals("latest") || start.matches("\\d+")) {
            if (directory == null) {
                throw new IllegalArgumentException(
                        MODEL_START.key() + " " + start + " needs " + MODEL_DIRECTORY.key());
            }
            ModelDirectory models = new ModelDirectory(Path.of(directory));
            long version =
                    start.equals("latest")
                            ? models.latestVersion()
                                    .orElseThrow(
                                            () ->
                                                    new IllegalArgumentException(
                                                            "No model-<version>.bin in "
                                                                    + directory
                                                                    + " for "
                                                                    + MODEL_START.key()
                                                                    + " latest"))
                            : Long.parseLong(start);
            model = models.read(version);
        } else {
            model = ModelFile.readWithFtrlState(Path.of(start));
        }
        LOG.info(
                "Starting with model version {} ({}){}",
                model.model().version(),
                start,
                model.ftrl() == null ? ", without saved FTRL state" : "");
        return model;
    }

    public static void main(String[] args) throws Exception {
        Configuration options = JobArguments.parse(args, allOptions());
        Sink<Alert> alertSink =
                new LocalAlertSink(options.get(PRINT_ALERTS), options.get(ALERTS_OUTPUT_FILE));
        String localConfDir = options.get(LOCAL_CONF_DIR);
        StreamExecutionEnvironment env =
                localConfDir == null
                        ? StreamExecutionEnvironment.getExecutionEnvironment()
                        : StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(
                                GlobalConfiguration.loadConfiguration(localConfDir));
        boolean embeddedBoard =
                options.get(EmbeddedBoard.ENABLED)
                        && localConfDir != null
                        && options.get(INPUT) == Input.SIMULATOR;
        if (options.get(EmbeddedBoard.ENABLED) && !embeddedBoard) {
            LOG.warn(
                    "{} applies to an embedded run on the simulator only; on Kafka the risk board"
                            + " reads the job's topics (docs/risk-board.md)",
                    EmbeddedBoard.ENABLED.key());
        }
        if (embeddedBoard) {
            alertSink = new FanOutSink<>(alertSink, EmbeddedBoard.alerts());
        }

        PredictionJob job;
        if (options.get(INPUT) == Input.KAFKA) {
            KafkaInputs inputs = KafkaInputs.from(KafkaOptions.from(options));
            job = new PredictionJob(options, loadStartModel(options), inputs, alertSink);
        } else {
            SimulatorOptions simulator = SimulatorOptions.from(options);
            long maxEvents = options.get(SIMULATOR_MAX_EVENTS);
            Source<OpsEvent, ?, ?> source =
                    FleetSource.create(
                            simulator,
                            maxEvents > 0 ? maxEvents : Long.MAX_VALUE,
                            options.get(SIMULATOR_EVENTS_PER_SECOND));
            // Each simulator subtask needs at least one device of its own.
            job =
                    new PredictionJob(options, loadStartModel(options), source, alertSink)
                            .withSourceParallelism(
                                    Math.min(env.getParallelism(), simulator.devices));
        }
        String modelDirectory = options.get(MODEL_DIRECTORY);
        Sink<ModelVersion> versionSink =
                modelDirectory == null ? null : new ModelDirectorySink(modelDirectory);
        if (modelDirectory != null) {
            job.withTrainingReportSink(
                    new JsonLinesFileSink<>(
                            Path.of(modelDirectory, "training-reports.jsonl").toString()));
        }
        if (embeddedBoard) {
            versionSink =
                    versionSink == null
                            ? EmbeddedBoard.modelVersions()
                            : new FanOutSink<>(versionSink, EmbeddedBoard.modelVersions());
            job.withScoreSink(EmbeddedBoard.scores());
        }
        if (versionSink != null) {
            job.withModelVersionSink(versionSink);
        }
        if (!embeddedBoard) {
            job.execute(env);
            return;
        }
        try (EmbeddedBoard board = EmbeddedBoard.start(options)) {
            LOG.info("Risk board: http://{}:{}", options.get(BoardOptions.HOST), board.port());
            job.execute(env);
        }
    }
}
