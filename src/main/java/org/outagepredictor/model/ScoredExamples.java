package org.outagepredictor.model;

import java.util.List;
import java.util.function.ToDoubleFunction;
import org.outagepredictor.features.LabeledExample;

/**
 * A fixed set of labelled examples as one score ranks them, measured as the trainer's {@link
 * PrequentialWindow} measures its examples: weighted by their importance weights. For the examples
 * that are not in a window: the bootstrap trainer's held-out ones, the evaluation's ceiling.
 */
public final class ScoredExamples {

    private final double[] scores;
    private final boolean[] positive;
    private final double[] weight;

    /** Scores each of {@code examples} once with {@code score}. */
    public ScoredExamples(List<LabeledExample> examples, ToDoubleFunction<LabeledExample> score) {
        scores = new double[examples.size()];
        positive = new boolean[examples.size()];
        weight = new double[examples.size()];
        for (int i = 0; i < scores.length; i++) {
            LabeledExample example = examples.get(i);
            scores[i] = score.applyAsDouble(example);
            positive[i] = example.positive;
            weight[i] = example.weight;
        }
    }

    /** Average precision of the scores; NaN without a positive. */
    public double averagePrecision() {
        return PrequentialWindow.averagePrecision(scores, positive, weight, scores.length);
    }

    /** Weighted mean log loss of the scores, which must be probabilities. */
    public double logLoss() {
        return PrequentialWindow.logLoss(scores, positive, weight, scores.length);
    }

    /** Log loss, PR-AUC, and precision and recall at {@code threshold}. */
    public PrequentialWindow.Metrics metrics(double threshold) {
        return PrequentialWindow.metrics(scores, positive, weight, scores.length, threshold);
    }
}
