package org.outagepredictor.evaluate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.outagepredictor.features.Feature;
import org.outagepredictor.features.LabeledExample;
import org.outagepredictor.model.LogisticModel;
import org.outagepredictor.model.PrequentialWindow;
import org.outagepredictor.model.ScoredExamples;

/**
 * How well the features of a dataset's labelled examples can rank them, beside how well the shipped
 * model does: the ceiling that learning online works under. If a logistic regression refit on all
 * the examples, in-sample, is barely above the shipped model, no linear model on these features
 * does better, online or not; if it is barely above the positive share, the features carry no
 * signal for the dataset. The in-sample refit is an upper bound: it has seen the labels it is
 * measured on. So a second refit learns from the earlier half of the examples (by label time) and
 * is measured on the later half, beside the shipped model on the same half, as learning online
 * would be at best.
 *
 * <p>Every figure is weighted by the examples' importance weights ({@link LabeledExample#weight}),
 * so a sampled negative that stands for five counts five times, as in the trainer's prequential
 * metrics ({@link PrequentialWindow}).
 *
 * @param examples the labelled examples measured
 * @param positiveShare the positives' share of the weight: the average precision of a score that
 *     ranks nothing
 * @param shipped the shipped model on all the examples; NaN figures without a shipped model
 * @param refit a logistic regression refit on all the examples, on them
 * @param shippedLaterHalf the shipped model on the later half of the examples
 * @param earlierHalfRefitLaterHalf a logistic regression refit on the earlier half, on the later
 * @param bestFeature the feature whose value alone ranks the examples best; {@code null} without a
 *     positive example
 * @param higherIsRiskier whether {@code bestFeature} ranks best with its higher values first
 * @param bestFeatureAveragePrecision the average precision of {@code bestFeature} alone
 * @param refitModel the in-sample refit itself, so that the job can alert with it
 */
public record Ceiling(
        int examples,
        double positiveShare,
        Scored shipped,
        Scored refit,
        Scored shippedLaterHalf,
        Scored earlierHalfRefitLaterHalf,
        Feature bestFeature,
        boolean higherIsRiskier,
        double bestFeatureAveragePrecision,
        LogisticModel refitModel) {

    /**
     * The refit's L2 penalty: it keeps the coefficients finite where a feature separates the
     * examples, and weighs little against a log loss summed over thousands of weighted examples.
     */
    static final double REFIT_L2 = 1.0;

    /**
     * How one model scored a set of examples: NaN average precision without a positive; {@link
     * #NONE} without a model.
     */
    public record Scored(double averagePrecision, double logLoss) {

        static final Scored NONE = new Scored(Double.NaN, Double.NaN);
    }

    /** Measures {@code examples}; {@code shipped} is {@code null} for a start from zero. */
    public static Ceiling measure(List<LabeledExample> examples, LogisticModel shipped) {
        List<LabeledExample> byLabelTime = new ArrayList<>(examples);
        byLabelTime.sort(
                Comparator.comparingLong((LabeledExample e) -> e.labelTime)
                        .thenComparingLong(e -> e.eventTime)
                        .thenComparing(e -> e.deviceId));
        List<LabeledExample> earlier = byLabelTime.subList(0, byLabelTime.size() / 2);
        List<LabeledExample> later = byLabelTime.subList(earlier.size(), byLabelTime.size());

        double positiveWeight = 0;
        double totalWeight = 0;
        for (LabeledExample example : examples) {
            positiveWeight += example.positive ? example.weight : 0;
            totalWeight += example.weight;
        }

        Feature bestFeature = null;
        boolean higherIsRiskier = true;
        double bestFeatureAveragePrecision = Double.NaN;
        for (Feature feature : Feature.values()) {
            if (feature == Feature.BIAS) {
                continue;
            }
            for (int sign : new int[] {1, -1}) {
                double ap =
                        new ScoredExamples(examples, e -> sign * e.values[feature.ordinal()])
                                .averagePrecision();
                // Without a positive every figure is NaN, and no feature is the best.
                if (bestFeature == null ? !Double.isNaN(ap) : ap > bestFeatureAveragePrecision) {
                    bestFeature = feature;
                    higherIsRiskier = sign > 0;
                    bestFeatureAveragePrecision = ap;
                }
            }
        }

        LogisticModel refit = BatchLogisticRegression.fit(examples, REFIT_L2);
        return new Ceiling(
                examples.size(),
                totalWeight == 0 ? Double.NaN : positiveWeight / totalWeight,
                scored(shipped, examples),
                scored(refit, examples),
                scored(shipped, later),
                scored(BatchLogisticRegression.fit(earlier, REFIT_L2), later),
                bestFeature,
                higherIsRiskier,
                bestFeatureAveragePrecision,
                refit);
    }

    private static Scored scored(LogisticModel model, List<LabeledExample> examples) {
        if (model == null) {
            return Scored.NONE;
        }
        ScoredExamples scored = new ScoredExamples(examples, e -> model.probability(e.values));
        return new Scored(scored.averagePrecision(), scored.logLoss());
    }
}
