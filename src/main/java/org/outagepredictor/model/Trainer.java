package org.outagepredictor.model;

import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.apache.flink.util.Preconditions;
import org.outagepredictor.features.LabeledExample;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Learns online from {@link LabeledExample}s and emits each {@link ModelVersion} it publishes; the
 * job broadcasts them to the scorer. Runs at parallelism 1: one model learns from the whole fleet.
 * The arithmetic is in {@link OnlineLearner}.
 *
 * <p>FTRL's {@code z} and {@code n}, the version, the published coefficients and the prequential
 * window are operator state ({@value #STATE_NAME}), so a restore from a checkpoint resumes learning
 * exactly where the checkpoint left it, and the versions it then publishes continue the sequence
 * that scoring restored to.
 *
 * <p>Examples from several feature subtasks interleave in arrival order, so two runs of the same
 * input at parallelism above 1 can learn in a different order; at parallelism 1 upstream (as the
 * bootstrap trainer runs) the order, and so the model, is reproducible.
 *
 * <p>Metrics: counters {@code examplesTrained}, {@code modelsPublished}, {@code modelsKept} (every
 * check that published nothing: before the first version of a start from zero has enough examples,
 * while a candidate is first frozen or waits for labels, and when it is refused) and {@code
 * candidatesRefused} (candidates compared and found worse); gauges {@code modelVersion}, {@code
 * prequentialPrAuc}, {@code prequentialLogLoss}, {@code precisionAtThreshold}, {@code
 * recallAtThreshold} and {@code labelDelayMinutes}, as of the last publication check. Each check's
 * {@link TrainingReport} also leaves through the side output {@link #REPORTS}.
 */
public class Trainer extends ProcessFunction<LabeledExample, ModelVersion>
        implements CheckpointedFunction {

    private static final long serialVersionUID = 1L;

    private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);

    public static final String STATE_NAME = "trainer-state";

    /** One report per publication check. */
    public static final OutputTag<TrainingReport> REPORTS =
            new OutputTag<>("training-reports", TypeInformation.of(TrainingReport.class));

    private final TrainerOptions options;
    private final double threshold;
    private final StartModel start;

    private transient ListState<TrainerState> checkpointed;
    private transient OnlineLearner learner;
    private transient volatile TrainingReport lastReport;
    private transient Counter examplesTrained;
    private transient Counter modelsPublished;
    private transient Counter modelsKept;
    private transient Counter candidatesRefused;

    /**
     * @param threshold the alert trigger threshold, at which precision and recall are measured
     * @param start the model to continue from, or {@link StartModel#none()} to start from zero
     */
    public Trainer(TrainerOptions options, double threshold, StartModel start) {
        this.options = Preconditions.checkNotNull(options, "options must not be null");
        this.threshold = threshold;
        this.start = Preconditions.checkNotNull(start, "start must not be null");
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        checkpointed =
                context.getOperatorStateStore()
                        .getListState(
                                new ListStateDescriptor<>(
                                        STATE_NAME, TypeInformation.of(TrainerState.class)));
        TrainerState restored = null;
        for (TrainerState state : checkpointed.get()) {
            Preconditions.checkState(
                    restored == null, "The trainer must run at parallelism 1: found two states");
            restored = state;
        }
        if (restored != null) {
            learner = OnlineLearner.restore(options, threshold, restored);
            LOG.info(
                    "Trainer restored at model version {} after {} examples",
                    learner.version(),
                    learner.examplesTrained());
        } else {
            learner = new OnlineLearner(options, threshold, start);
            if (start.model() == null) {
                LOG.info("Trainer starting from zero");
            } else if (learner.resumedFromSavedState()) {
                LOG.info(
                        "Trainer resuming from model version {} and its FTRL state",
                        start.model().version());
            } else {
                LOG.warn(
                        "Trainer warm-starting from model version {} without matching FTRL state"
                                + " (none saved with it, or trainer.ftrl.* changed): its first"
                                + " updates take full-size steps",
                        start.model().version());
            }
        }
    }

    @Override
    public void open(OpenContext openContext) {
        MetricGroup metrics = getRuntimeContext().getMetricGroup();
        examplesTrained = metrics.counter("examplesTrained");
        modelsPublished = metrics.counter("modelsPublished");
        modelsKept = metrics.counter("modelsKept");
        candidatesRefused = metrics.counter("candidatesRefused");
        metrics.gauge("modelVersion", (Gauge<Long>) () -> learner.version());
        metrics.gauge("prequentialPrAuc", (Gauge<Double>) () -> report().candidatePrAuc);
        metrics.gauge("prequentialLogLoss", (Gauge<Double>) () -> report().candidateLogLoss);
        metrics.gauge("precisionAtThreshold", (Gauge<Double>) () -> report().candidatePrecision);
        metrics.gauge("recallAtThreshold", (Gauge<Double>) () -> report().candidateRecall);
        metrics.gauge("labelDelayMinutes", (Gauge<Double>) () -> report().labelDelayMinutes);
    }

    private TrainingReport report() {
        TrainingReport report = lastReport;
        if (report != null) {
            return report;
        }
        TrainingReport none = new TrainingReport();
        none.candidatePrAuc = Double.NaN;
        none.candidateLogLoss = Double.NaN;
        none.candidatePrecision = Double.NaN;
        none.candidateRecall = Double.NaN;
        return none;
    }

    @Override
    public void processElement(LabeledExample example, Context ctx, Collector<ModelVersion> out) {
        learner.learn(example);
        examplesTrained.inc();
        long now = ctx.timerService().currentProcessingTime();
        if (!learner.checkDue(now)) {
            return;
        }
        TrainingReport report = learner.check(now);
        lastReport = report;
        ctx.output(REPORTS, report);
        ModelVersion published = learner.published();
        if (published != null) {
            modelsPublished.inc();
            out.collect(published);
            LOG.info("Published {}", published);
        } else {
            modelsKept.inc();
            if (report.refused) {
                candidatesRefused.inc();
            }
            LOG.info("Kept model version {}: {}", learner.version(), report);
        }
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        checkpointed.update(List.of(learner.state()));
    }
}
