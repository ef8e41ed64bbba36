package org.outagepredictor;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.file.src.reader.TextLineInputFormat;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.CloseableIterator;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.outagepredictor.alerting.AlertPolicyOptions;
import org.outagepredictor.config.JobArguments;
import org.outagepredictor.event.OpsEvent;
import org.outagepredictor.features.DeviceFeatures;
import org.outagepredictor.features.Feature;
import org.outagepredictor.features.FeatureOptions;
import org.outagepredictor.features.LabelOptions;
import org.outagepredictor.features.LabeledExample;
import org.outagepredictor.ingest.FieldMapping;
import org.outagepredictor.ingest.IngestOptions;
import org.outagepredictor.ingest.IngestResult;
import org.outagepredictor.ingest.InputFormat;
import org.outagepredictor.ingest.MappingOptions;
import org.outagepredictor.ingest.RawRecord;
import org.outagepredictor.ingest.RecordIngester;
import org.outagepredictor.model.FtrlState;
import org.outagepredictor.model.LogisticModel;
import org.outagepredictor.model.ModelFile;
import org.outagepredictor.model.OnlineLearner;
import org.outagepredictor.model.PrequentialWindow;
import org.outagepredictor.model.ScoredExamples;
import org.outagepredictor.model.StartModel;
import org.outagepredictor.model.TrainerOptions;
import org.outagepredictor.model.TrainingReport;

/**
 * The bootstrap trainer: a Flink batch job that turns history files into an initial model with the
 * prediction job's own feature and label code ({@link DeviceFeatures}), then trains it with the
 * online trainer's own code ({@link OnlineLearner}), and writes it in Flink ML's encoding.
 *
 * <p>History files hold one record per line, optionally gzip-compressed, in any of the job's input
 * formats that fits on a line ({@code bootstrap.format}, generic JSON events by default), read by
 * the job's own ingest code with the {@code mapping.*} options; a line that gives no valid event is
 * reported with its error and left out. The labelled examples are brought to the client and learned
 * from in order of label time (ties by device and snapshot time), as the streaming trainer meets
 * them, so the same history and options give the same model byte for byte, whatever the
 * parallelism.
 *
 * <p>Options: {@code bootstrap.history} (required), {@code bootstrap.output} (required), {@code
 * bootstrap.parallelism} (1), and the feature ({@code features.*}), label ({@code labels.*}, {@code
 * model.horizon}) and trainer ({@code trainer.ftrl.*}, {@code trainer.evaluation-window}) options
 * of the prediction job, whose values should match the job's. The written model has version 1.
 */
public final class BootstrapTrainer {

    public static final ConfigOption<String> HISTORY =
            ConfigOptions.key("bootstrap.history")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "History file, or directory of them: JSON lines of events,"
                                    + " optionally gzip-compressed (.gz).");

    public static final ConfigOption<String> OUTPUT =
            ConfigOptions.key("bootstrap.output")
                    .stringType()
                    .noDefaultValue()
                    .withDescription("Where to write the model file.");

    public static final ConfigOption<Integer> PARALLELISM =
            ConfigOptions.key("bootstrap.parallelism")
                    .intType()
                    .defaultValue(1)
                    .withDescription(
                            "Parallelism of the batch job. At 1 the model is reproducible byte for"
                                    + " byte; above 1, events of one device with the same"
                                    + " millisecond may be folded in another order, which moves"
                                    + " the weights in their last digits.");

    public static final ConfigOption<String> FORMAT =
            ConfigOptions.key("bootstrap.format")
                    .stringType()
                    .defaultValue(InputFormat.GENERIC_JSON.configName())
                    .withDescription(
                            "Input format of the history lines, one record per line: any of the"
                                    + " job's input formats that fits on a line (see"
                                    + " docs/inputs.md), with the mapping.* options applied.");

    private static final OutputTag<String> REJECTED_LINES =
            new OutputTag<>("rejected-lines", Types.STRING);

    /** Rejected lines shown in the summary; all of them are counted. */
    private static final int REJECTED_LINES_SHOWN = 10;

    private BootstrapTrainer() {}

    public static List<ConfigOption<?>> options() {
        List<ConfigOption<?>> all = new ArrayList<>(List.of(HISTORY, FORMAT, OUTPUT, PARALLELISM));
        all.addAll(IngestOptions.options());
        all.addAll(MappingOptions.options());
        all.addAll(FeatureOptions.options());
        all.addAll(LabelOptions.options());
        all.addAll(TrainerOptions.options());
        all.addAll(AlertPolicyOptions.options());
        return all;
    }

    public static void main(String[] args) throws Exception {
        Configuration options = JobArguments.parse(args, options());
        String output = options.get(OUTPUT);
        if (options.get(HISTORY) == null || output == null) {
            throw new IllegalArgumentException(
                    "--" + HISTORY.key() + " PATH and --" + OUTPUT.key() + " FILE are required");
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(options.get(PARALLELISM));
        Result result = train(options, env);
        System.out.println(result);
        if (result.learner.published() == null) {
            throw new IllegalStateException(
                    "No model written: "
                            + result.report.decision
                            + " ("
                            + result.examples
                            + " labelled examples in all); give more history");
        }
        Path model = Path.of(output);
        ModelFile.write(model, result.learner.published().toModel());
        result.learner.ftrlState().write(FtrlState.besideModel(model));
        System.out.println(
                "Model version 1 written to "
                        + output
                        + ", its FTRL state to "
                        + FtrlState.besideModel(model));
    }

    /** Runs the batch job on {@code env}, then learns; writes nothing. */
    public static Result train(Configuration options, StreamExecutionEnvironment env)
            throws Exception {
        env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        FileSource<String> files =
                FileSource.forRecordStreamFormat(
                                new TextLineInputFormat(),
                                new org.apache.flink.core.fs.Path(options.get(HISTORY)))
                        .build();
        SingleOutputStreamOperator<OpsEvent> parsed =
                env.fromSource(files, WatermarkStrategy.noWatermarks(), "History files")
                        .uid("history-files")
                        .process(
                                new ParseLine(
                                        InputFormat.fromConfigName(options.get(FORMAT))
                                                .configName(),
                                        new RecordIngester(
                                                IngestOptions.from(options),
                                                FieldMapping.from(options))))
                        .uid("parse-history")
                        .name("Parse history lines");
        DataStream<OpsEvent> events =
                parsed.assignTimestampsAndWatermarks(
                                WatermarkStrategy.<OpsEvent>forMonotonousTimestamps()
                                        .withTimestampAssigner((e, previous) -> e.eventTime))
                        .uid("history-timestamps")
                        .name("Event time");
        DataStream<LabeledExample> examples =
                events.keyBy(e -> e.deviceId, Types.STRING)
                        .process(
                                new DeviceFeatures(
                                        FeatureOptions.from(options), LabelOptions.from(options)))
                        .uid(Operators.DEVICE_FEATURES.uid)
                        .name(Operators.DEVICE_FEATURES.displayName)
                        .getSideOutput(DeviceFeatures.LABELED_EXAMPLES);

        DataStream<Collected> collected =
                examples.map(Collected::example)
                        .name("Labelled examples")
                        .union(
                                parsed.getSideOutput(REJECTED_LINES)
                                        .map(Collected::rejected)
                                        .name("Rejected lines"));
        Result result = new Result();
        List<LabeledExample> all = new ArrayList<>();
        try (CloseableIterator<Collected> results =
                collected.executeAndCollect("Bootstrap trainer")) {
            results.forEachRemaining(
                    c -> {
                        if (c.example != null) {
                            all.add(c.example);
                        } else if (result.rejectedLines++ < REJECTED_LINES_SHOWN) {
                            result.rejectedExamples.add(c.rejectedLine);
                        }
                    });
        }

        all.sort(
                Comparator.comparingLong((LabeledExample e) -> e.labelTime)
                        .thenComparing(e -> e.deviceId)
                        .thenComparingLong(e -> e.eventTime));
        TrainerOptions trainer = TrainerOptions.from(options);
        double threshold = AlertPolicyOptions.from(options).triggerThreshold;
        OnlineLearner learner = new OnlineLearner(trainer, threshold, StartModel.none());
        // How the model would have scored live: learnt from all but the newest
        // trainer.evaluation-window examples, it scores those of them whose snapshots came after
        // the labels it learnt from, before learning them too.
        int heldOutFrom = Math.max(0, all.size() - trainer.evaluationWindow);
        all.subList(0, heldOutFrom).forEach(learner::learn);
        LogisticModel learntBefore = new LogisticModel(0, learner.weights());
        // The examples are in label-time order.
        long learntUntil = heldOutFrom == 0 ? Long.MIN_VALUE : all.get(heldOutFrom - 1).labelTime;
        List<LabeledExample> heldOut = new ArrayList<>();
        for (LabeledExample example : all.subList(heldOutFrom, all.size())) {
            if (example.eventTime >= learntUntil) {
                heldOut.add(example);
            }
            learner.learn(example);
        }
        result.heldOutExamples = heldOut.size();
        result.heldOutPositives = (int) heldOut.stream().filter(e -> e.positive).count();
        result.heldOut =
                new ScoredExamples(heldOut, e -> learntBefore.probability(e.values))
                        .metrics(threshold);
        result.positives = all.stream().filter(e -> e.positive).count();
        result.examples = all.size();
        result.report = learner.check(0L);
        result.learner = learner;
        return result;
    }

    /** What the batch job hands the client: a labelled example, or a rejected line. A POJO. */
    public static class Collected {
        public LabeledExample example;
        public String rejectedLine;

        public Collected() {}

        static Collected example(LabeledExample example) {
            Collected c = new Collected();
            c.example = example;
            return c;
        }

        static Collected rejected(String line) {
            Collected c = new Collected();
            c.rejectedLine = line;
            return c;
        }
    }

    /**
     * Turns a history line into events through the job's own ingest code, or sends it with its
     * error to the side output. History has no time of reception, so event times are not checked
     * against one.
     */
    private static final class ParseLine extends ProcessFunction<String, OpsEvent> {
        private final String format;
        private final RecordIngester ingester;

        ParseLine(String format, RecordIngester ingester) {
            this.format = format;
            this.ingester = ingester;
        }

        @Override
        public void processElement(String line, Context ctx, Collector<OpsEvent> out) {
            if (line.isBlank()) {
                return;
            }
            RawRecord record = new RawRecord();
            record.format = format;
            record.topic = "history";
            record.value = line.getBytes(StandardCharsets.UTF_8);
            IngestResult result = ingester.ingestHistory(record, System.currentTimeMillis());
            if (result.deadLetter() != null) {
                ctx.output(REJECTED_LINES, result.deadLetter().error + ": " + abbreviate(line));
                return;
            }
            result.events().forEach(out::collect);
        }

        private static String abbreviate(String line) {
            return line.length() <= 200 ? line : line.substring(0, 200) + "...";
        }
    }

    /**
     * What the bootstrap trainer learned from, and how the model learnt from all but the newest
     * examples scored those of them whose snapshots came after its labels.
     */
    public static final class Result {
        public long examples;
        public long positives;
        public int heldOutExamples;
        public int heldOutPositives;
        public PrequentialWindow.Metrics heldOut;
        public long rejectedLines;
        public final List<String> rejectedExamples = new ArrayList<>();
        public TrainingReport report;
        public OnlineLearner learner;

        @Override
        public String toString() {
            StringBuilder text = new StringBuilder();
            text.append(
                    String.format(
                            Locale.ROOT,
                            "Learned from %d labelled examples (%d positive).%n"
                                    + "Held out: learnt from all but the newest examples, on %d"
                                    + " of them (%d positive) whose snapshots came after its"
                                    + " labels: PR-AUC %.3f, log loss %.4f, precision %.3f and"
                                    + " recall %.3f at the alert threshold.%n",
                            examples,
                            positives,
                            heldOutExamples,
                            heldOutPositives,
                            heldOut.prAuc,
                            heldOut.logLoss,
                            heldOut.precision,
                            heldOut.recall));
            if (rejectedLines > 0) {
                text.append(rejectedLines).append(" history lines rejected, for example:\n");
                rejectedExamples.forEach(line -> text.append("  ").append(line).append('\n'));
            }
            text.append("Weights:\n");
            double[] w = learner.weights();
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
