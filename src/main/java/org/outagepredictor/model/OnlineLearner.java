package org.outagepredictor.model;

import org.outagepredictor.features.Feature;
import org.outagepredictor.features.LabeledExample;

/**
 * Online training with prequential evaluation and guarded publication, in plain Java; {@link
 * Trainer} runs it in Flink.
 *
 * <p>For each labelled example: score it with the learner's current weights and with the published
 * model (prequential: before learning from it), record both scores in the {@link
 * PrequentialWindow}, then take one FTRL-Proximal step. Every {@code publish-every} examples (or
 * {@code publish-interval} of wall-clock time) a check compares the two models on the examples both
 * scored since the last publication and publishes the learner's weights as the next version unless
 * its PR-AUC is more than {@code publish-tolerance} below the published model's or its log loss
 * more than that above. Without any published model yet, the first check with enough examples
 * publishes.
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
        this.resumed = true;
        this.window = new PrequentialWindow(options.evaluationWindow);
        if (state.windowCandidate != null
                && state.windowCandidate.length == options.evaluationWindow) {
            System.arraycopy(state.windowCandidate, 0, window.candidate, 0, state.windowSize);
            System.arraycopy(state.windowCurrent, 0, window.current, 0, state.windowSize);
            System.arraycopy(state.windowPositive, 0, window.positive, 0, state.windowSize);
            System.arraycopy(state.windowWeight, 0, window.weight, 0, state.windowSize);
            System.arraycopy(state.windowLabelDelay, 0, window.labelDelay, 0, state.windowSize);
            window.next = state.windowNext;
            window.size = state.windowSize;
        }
        // A different window size in the new configuration starts the window afresh.
    }

    /** Scores the example with both models, then learns from it. */
    public void learn(LabeledExample example) {
        double currentScore =
                current == null ? Double.NaN : FtrlProximal.sigmoid(dot(current, example.values));
        double label = example.positive ? 1.0 : 0.0;
        double candidateScore = ftrl.update(example.values, label, example.weight);
        window.add(
                candidateScore,
                currentScore,
                example.positive,
                example.weight,
                example.labelDelayMillis());
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
     * Compares the learner with the published model over the window and publishes the learner's
     * weights if they are not worse beyond the tolerance.
     *
     * @return the report; {@link #published()} gives the version if one was published
     */
    public TrainingReport check(long now) {
        examplesSinceCheck = 0;
        lastCheckAt = now;
        PrequentialWindow.Metrics learner = window.candidateMetrics(threshold);
        PrequentialWindow.Metrics candidate = window.comparedCandidateMetrics(threshold);
        PrequentialWindow.Metrics published = window.currentMetrics(threshold);
        TrainingReport report = new TrainingReport();
        report.checkedAt = now;
        report.examplesTrained = examplesTrained;
        report.windowExamples = window.size();
        report.windowPositives = window.positives();
        report.labelDelayMinutes = window.meanLabelDelayMillis() / 60_000.0;
        report.candidateLogLoss = learner.logLoss;
        report.candidatePrAuc = learner.prAuc;
        report.candidatePrecision = learner.precision;
        report.candidateRecall = learner.recall;
        report.comparedExamples = window.compared();
        report.comparedCandidateLogLoss = candidate.logLoss;
        report.comparedCandidatePrAuc = candidate.prAuc;
        report.currentLogLoss = published.logLoss;
        report.currentPrAuc = published.prAuc;

        String refusal;
        if (current == null) {
            refusal =
                    window.size() < options.minWindowExamples
                            ? "kept: the window holds fewer than "
                                    + options.minWindowExamples
                                    + " examples"
                            : null;
        } else {
            refusal =
                    window.compared() < options.minWindowExamples
                            ? "kept: fewer than "
                                    + options.minWindowExamples
                                    + " examples since version "
                                    + version
                                    + " was published"
                            : refusal(candidate, published, options.publishTolerance);
        }
        report.published = refusal == null;
        if (refusal == null) {
            version++;
            current = ftrl.weights();
            window.candidatePublished();
            lastPublished = toModelVersion(now, learner);
            report.decision = "published";
        } else {
            lastPublished = null;
            report.decision = refusal;
        }
        report.version = version;
        return report;
    }

    /** The version the last {@link #check} published, or {@code null} if it published none. */
    public ModelVersion published() {
        return lastPublished;
    }

    /**
     * Why not to publish a learner with {@code candidate} metrics over the published model with
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

    private ModelVersion toModelVersion(long now, PrequentialWindow.Metrics metrics) {
        ModelVersion published = new ModelVersion();
        published.version = version;
        published.coefficients = current.clone();
        published.publishedAt = now;
        published.examplesTrained = examplesTrained;
        published.trainedUntil = trainedUntil;
        published.prAuc = metrics.prAuc;
        published.logLoss = metrics.logLoss;
        published.precision = metrics.precision;
        published.recall = metrics.recall;
        published.ftrlZ = ftrl.z();
        published.ftrlN = ftrl.n();
        return published;
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
        state.windowCandidate = window.candidate.clone();
        state.windowCurrent = window.current.clone();
        state.windowPositive = window.positive.clone();
        state.windowWeight = window.weight.clone();
        state.windowLabelDelay = window.labelDelay.clone();
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
