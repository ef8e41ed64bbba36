package org.outagepredictor.model;

import org.outagepredictor.features.Feature;
import org.outagepredictor.features.LabeledExample;

/**
 * Online training with prequential evaluation and guarded publication, in plain Java; {@link
 * Trainer} runs it in Flink.
 *
 * <p>Every labelled example is one FTRL-Proximal step of the learner. A publication check, every
 * {@code publish-every} examples (or {@code publish-interval} of wall-clock time), works with two
 * fixed models: the published one and a candidate, the learner's weights as the check froze them.
 * Each example whose snapshot came after the labels both models learnt from is scored by both
 * before the learner learns from it, into the {@link PrequentialWindow}: neither model has seen its
 * label nor any label after it, as when scoring it live. Once {@code min-window-examples} such
 * examples, whose labels have all come (a negative label comes a horizon after its snapshot, a
 * positive one sooner), compare them, a check publishes the candidate as the next version unless
 * its PR-AUC is more than {@code publish-tolerance} below the published model's or its log loss
 * more than that above; either way, the learner's weights of that moment become the next candidate.
 * A learner scored with its weights of the moment would have learnt, by each example's label, from
 * the labels after its snapshot, often the same outage's other snapshots, and would look better
 * than it was; and a model that moves from example to example ranks them less consistently than a
 * fixed one, so comparing it with a fixed one is unfair the other way. Without any published model
 * yet, the first check after {@code min-window-examples} examples publishes the learner.
 *
 * <p>Deterministic: the same examples in the same order give the same weights, versions and
 * metrics, as long as {@code publish-interval} is 0 (wall-clock checks depend on timing).
 */
public final class OnlineLearner {

    private final TrainerOptions options;
    private final double threshold;
    private final FtrlProximal ftrl;
    private final PrequentialWindow window;

    private long version;
    private double[] current;

    /**
     * Label time up to which the published model had learnt; {@link Long#MIN_VALUE} for the start
     * model, which learnt from history before the stream.
     */
    private long currentTrainedUntil = Long.MIN_VALUE;

    /** The candidate under comparison, or {@code null} until a check freezes one. */
    private FtrlState candidate;

    private double[] candidateWeights;
    private long candidateTrainedUntil;
    private long candidateExamplesTrained;
    private long examplesTrained;
    private int examplesSinceCheck;
    private long lastCheckAt = Long.MIN_VALUE;
    private long trainedUntil;
    private ModelVersion lastPublished;
    private final boolean resumed;

    /**
     * @param threshold the alert trigger threshold, for precision and recall
     * @param start the model scoring starts with and learning continues from; without a model,
     *     learning starts from zero with no model published. Where the model came with its FTRL
     *     state, learning resumes from that state; otherwise it warm-starts from the coefficients
     *     ({@link FtrlProximal#warmStart}), with full-size first steps.
     */
    public OnlineLearner(TrainerOptions options, double threshold, StartModel start) {
        this.options = options;
        this.threshold = threshold;
        this.window = new PrequentialWindow(options.evaluationWindow);
        LogisticModel model = start.model();
        if (model == null) {
            this.ftrl =
                    new FtrlProximal(
                            Feature.COUNT, options.alpha, options.beta, options.l1, options.l2);
            this.resumed = false;
            return;
        }
        this.version = model.version();
        this.current = model.coefficients();
        FtrlProximal saved =
                start.ftrl() == null
                        ? null
                        : FtrlProximal.restore(
                                options.alpha,
                                options.beta,
                                options.l1,
                                options.l2,
                                start.ftrl().z,
                                start.ftrl().n);
        // The saved sums give back the model's coefficients only under the hyper-parameters that
        // made them; under others, resuming from them would silently change the model.
        this.resumed = saved != null && sameWeights(saved.weights(), current);
        this.ftrl =
                resumed
                        ? saved
                        : FtrlProximal.warmStart(
                                options.alpha, options.beta, options.l1, options.l2, current);
    }

    private static boolean sameWeights(double[] a, double[] b) {
        if (a.length != b.length) {
            return false;
        }
        for (int i = 0; i < a.length; i++) {
            if (Math.abs(a[i] - b[i]) > 1e-9 * Math.max(1.0, Math.abs(b[i]))) {
                return false;
            }
        }
        return true;
    }

    /** Whether learning resumed from saved FTRL state rather than a warm start or zero. */
    public boolean resumedFromSavedState() {
        return resumed;
    }

    /** A learner that continues exactly from a checkpointed state. */
    public static OnlineLearner restore(
            TrainerOptions options, double threshold, TrainerState state) {
        return new OnlineLearner(options, threshold, state);
    }

    private OnlineLearner(TrainerOptions options, double threshold, TrainerState state) {
        this.options = options;
        this.threshold = threshold;
        this.ftrl =
                FtrlProximal.restore(
                        options.alpha, options.beta, options.l1, options.l2, state.z, state.n);
        this.version = state.version;
        this.current = state.currentCoefficients;
        this.examplesTrained = state.examplesTrained;
        this.examplesSinceCheck = state.examplesSinceCheck;
        this.lastCheckAt = state.lastCheckAt;
        this.trainedUntil = state.trainedUntil;
        this.currentTrainedUntil = state.currentTrainedUntil;
        if (state.candidateZ != null) {
            this.candidate = new FtrlState(state.candidateZ, state.candidateN);
            this.candidateWeights = weightsOf(candidate);
            this.candidateTrainedUntil = state.candidateTrainedUntil;
            this.candidateExamplesTrained = state.candidateExamplesTrained;
        }
        this.resumed = true;
        this.window = new PrequentialWindow(options.evaluationWindow);
        if (state.windowCandidate != null
                && state.windowCandidate.length == options.evaluationWindow) {
            System.arraycopy(state.windowCandidate, 0, window.candidate, 0, state.windowSize);
            System.arraycopy(state.windowCurrent, 0, window.current, 0, state.windowSize);
            System.arraycopy(state.windowPositive, 0, window.positive, 0, state.windowSize);
            System.arraycopy(state.windowWeight, 0, window.weight, 0, state.windowSize);
            System.arraycopy(state.windowLabelDelay, 0, window.labelDelay, 0, state.windowSize);
            // A build before 2026-12-07 kept no snapshot times: at 0 (1970), every label counts
            // as come.
            if (state.windowSnapshotTime != null) {
                System.arraycopy(
                        state.windowSnapshotTime, 0, window.snapshotTime, 0, state.windowSize);
            }
            window.next = state.windowNext;
            window.size = state.windowSize;
        }
        // A different window size in the new configuration starts the window afresh.
    }

    /**
     * Scores the example with the candidate and the published model if it can compare them, then
     * learns from it.
     */
    public void learn(LabeledExample example) {
        if (candidate != null
                && example.eventTime >= Math.max(currentTrainedUntil, candidateTrainedUntil)) {
            window.add(
                    FtrlProximal.sigmoid(dot(candidateWeights, example.values)),
                    FtrlProximal.sigmoid(dot(current, example.values)),
                    example.positive,
                    example.weight,
                    example.eventTime,
                    example.labelDelayMillis());
        }
        ftrl.update(example.values, example.positive ? 1.0 : 0.0, example.weight);
        examplesTrained++;
        examplesSinceCheck++;
        trainedUntil = Math.max(trainedUntil, example.labelTime);
    }

    /** Whether a publication check is due at wall-clock time {@code now}. */
    public boolean checkDue(long now) {
        if (examplesSinceCheck == 0) {
            return false;
        }
        if (lastCheckAt == Long.MIN_VALUE) {
            lastCheckAt = now;
        }
        return examplesSinceCheck >= options.publishEvery
                || (options.publishIntervalMillis > 0
                        && now - lastCheckAt >= options.publishIntervalMillis);
    }

    /**
     * Publishes the candidate if enough examples compare it with the published model and it is not
     * worse beyond the tolerance, then offers the learner as the next candidate; freezes the first
     * candidate; or, with no model published yet, publishes the learner.
     *
     * @return the report; {@link #published()} gives the version if one was published
     */
    public TrainingReport check(long now) {
        examplesSinceCheck = 0;
        lastCheckAt = now;
        // Only snapshots whose labels have all come, negative or positive.
        long labelled = trainedUntil - options.labelDelayMillis;
        PrequentialWindow.Metrics offered = window.candidateMetrics(threshold, labelled);
        PrequentialWindow.Metrics published = window.currentMetrics(threshold, labelled);
        int comparing = window.size(labelled);
        TrainingReport report = new TrainingReport();
        report.checkedAt = now;
        report.examplesTrained = examplesTrained;
        report.windowExamples = comparing;
        report.windowPositives = window.positives(labelled);
        report.labelDelayMinutes = window.meanLabelDelayMillis(labelled) / 60_000.0;
        report.candidateLogLoss = offered.logLoss;
        report.candidatePrAuc = offered.prAuc;
        report.candidatePrecision = offered.precision;
        report.candidateRecall = offered.recall;
        report.currentLogLoss = published.logLoss;
        report.currentPrAuc = published.prAuc;
        lastPublished = null;
        if (current == null) {
            if (examplesTrained < options.minWindowExamples) {
                report.decision =
                        "kept: fewer than " + options.minWindowExamples + " examples learnt";
            } else {
                publish(ftrlState(), ftrl.weights(), trainedUntil, examplesTrained, now, offered);
                report.decision = "published";
            }
        } else if (candidate == null) {
            freezeCandidate();
            report.decision = "kept: a candidate is compared from now on";
        } else if (comparing < options.minWindowExamples) {
            report.decision =
                    "kept: "
                            + comparing
                            + " of the "
                            + options.minWindowExamples
                            + " examples that compare the candidate";
        } else {
            String refusal = refusal(offered, published, options.publishTolerance);
            if (refusal == null) {
                publish(
                        candidate,
                        candidateWeights,
                        candidateTrainedUntil,
                        candidateExamplesTrained,
                        now,
                        offered);
                report.decision = "published";
            } else {
                report.decision = refusal;
                report.refused = true;
            }
            freezeCandidate();
        }
        report.published = lastPublished != null;
        report.version = version;
        return report;
    }

    /** The learner's weights of now become the candidate, compared from the next example on. */
    private void freezeCandidate() {
        candidate = ftrlState();
        candidateWeights = ftrl.weights();
        candidateTrainedUntil = trainedUntil;
        candidateExamplesTrained = examplesTrained;
        window.clear();
    }

    private void publish(
            FtrlState sums,
            double[] weights,
            long learntUntil,
            long examples,
            long now,
            PrequentialWindow.Metrics metrics) {
        version++;
        current = weights;
        currentTrainedUntil = learntUntil;
        ModelVersion published = new ModelVersion();
        published.version = version;
        published.coefficients = weights.clone();
        published.publishedAt = now;
        published.examplesTrained = examples;
        published.trainedUntil = learntUntil;
        published.prAuc = metrics.prAuc;
        published.logLoss = metrics.logLoss;
        published.precision = metrics.precision;
        published.recall = metrics.recall;
        published.ftrlZ = sums.z.clone();
        published.ftrlN = sums.n.clone();
        lastPublished = published;
    }

    private double[] weightsOf(FtrlState sums) {
        return FtrlProximal.restore(
                        options.alpha, options.beta, options.l1, options.l2, sums.z, sums.n)
                .weights();
    }

    /** The version the last {@link #check} published, or {@code null} if it published none. */
    public ModelVersion published() {
        return lastPublished;
    }

    /**
     * Why not to publish a candidate with {@code candidate} metrics over the published model with
     * {@code current} metrics, both over the same examples, or {@code null} to publish it: its
     * PR-AUC must be at most {@code tolerance} below the published model's, and its log loss at
     * most {@code tolerance} above. PR-AUC sees the ranking only; log loss also sees a shift of
     * every score, which moves alerts across the threshold. While the examples hold no positive,
     * log loss alone decides.
     */
    static String refusal(
            PrequentialWindow.Metrics candidate,
            PrequentialWindow.Metrics current,
            double tolerance) {
        if (!Double.isNaN(candidate.prAuc)
                && !Double.isNaN(current.prAuc)
                && candidate.prAuc < current.prAuc - tolerance) {
            return "kept: PR-AUC would fall more than the tolerance";
        }
        if (candidate.logLoss > current.logLoss + tolerance) {
            return "kept: log loss would rise more than the tolerance";
        }
        return null;
    }

    /** The published version; 0 if none. */
    public long version() {
        return version;
    }

    public long examplesTrained() {
        return examplesTrained;
    }

    /** The learner's weights now (not necessarily published). */
    public double[] weights() {
        return ftrl.weights();
    }

    /** The learner's FTRL sums now. */
    public FtrlState ftrlState() {
        return new FtrlState(ftrl.z(), ftrl.n());
    }

    /** Everything needed to continue exactly, for a checkpoint. */
    public TrainerState state() {
        TrainerState state = new TrainerState();
        state.version = version;
        state.z = ftrl.z();
        state.n = ftrl.n();
        state.currentCoefficients = current == null ? null : current.clone();
        state.examplesTrained = examplesTrained;
        state.examplesSinceCheck = examplesSinceCheck;
        state.lastCheckAt = lastCheckAt;
        state.trainedUntil = trainedUntil;
        state.currentTrainedUntil = currentTrainedUntil;
        if (candidate != null) {
            state.candidateZ = candidate.z.clone();
            state.candidateN = candidate.n.clone();
            state.candidateTrainedUntil = candidateTrainedUntil;
            state.candidateExamplesTrained = candidateExamplesTrained;
        }
        state.windowCandidate = window.candidate.clone();
        state.windowCurrent = window.current.clone();
        state.windowPositive = window.positive.clone();
        state.windowWeight = window.weight.clone();
        state.windowLabelDelay = window.labelDelay.clone();
        state.windowSnapshotTime = window.snapshotTime.clone();
        state.windowNext = window.next;
        state.windowSize = window.size;
        return state;
    }

    private static double dot(double[] w, double[] x) {
        double dot = 0.0;
        for (int i = 0; i < w.length; i++) {
            dot += w[i] * x[i];
        }
        return dot;
    }
}
