package org.outagepredictor.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.outagepredictor.features.Feature;
import org.outagepredictor.features.LabeledExample;
import org.outagepredictor.model.LogisticModel;
import org.outagepredictor.model.ScoredExamples;

/** The ceiling: what the shipped model, a refit, one feature and chance make of the examples. */
class CeilingTest {

    private static LabeledExample example(long labelTime, boolean positive, double weight) {
        LabeledExample example = new LabeledExample();
        example.deviceId = "d" + labelTime % 7;
        example.eventTime = labelTime - 60_000;
        example.labelTime = labelTime;
        example.positive = positive;
        example.weight = weight;
        example.values = new double[Feature.COUNT];
        example.values[Feature.BIAS.ordinal()] = 1;
        return example;
    }

    /**
     * 300 examples, one in five positive (weight 1; the negatives weight 5); {@code signal} is at
     * least 2 higher on every positive than on any negative, and every other feature but the bias
     * is noise.
     */
    private static List<LabeledExample> separableBy(Feature signal) {
        Random random = new Random(7);
        List<LabeledExample> examples = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            boolean positive = i % 5 == 0;
            LabeledExample example = example(i, positive, positive ? 1 : 5);
            for (Feature feature : Feature.values()) {
                if (feature != Feature.BIAS) {
                    example.values[feature.ordinal()] = random.nextGaussian();
                }
            }
            example.values[signal.ordinal()] = (positive ? 3 : 0) + random.nextDouble();
            examples.add(example);
        }
        return examples;
    }

    private static LogisticModel onlyOn(Feature feature, double coefficient) {
        double[] coefficients = new double[Feature.COUNT];
        coefficients[feature.ordinal()] = coefficient;
        return new LogisticModel(1, coefficients);
    }

    @Test
    void theRefitRanksExamplesOneFeatureSeparatesPerfectlyAndBeatsAWrongModel() {
        List<LabeledExample> examples = separableBy(Feature.ERRORS_1H);
        // Riskier the fewer errors: every positive ranks below every negative.
        LogisticModel wrong = onlyOn(Feature.ERRORS_1H, -1);

        Ceiling ceiling = Ceiling.measure(examples, wrong);

        assertThat(ceiling.refit().averagePrecision()).isEqualTo(1.0);
        assertThat(ceiling.shipped().averagePrecision()).isLessThan(ceiling.positiveShare());
        assertThat(ceiling.refit().logLoss()).isLessThan(0.1);
        assertThat(ceiling.shipped().logLoss()).isGreaterThan(0.5);
        // 60 positives of weight 1 among 240 negatives of weight 5.
        assertThat(ceiling.positiveShare()).isCloseTo(60.0 / (60 + 240 * 5), within(1e-12));
        assertThat(ceiling.examples()).isEqualTo(300);
        // The refit the job alerts with is the one measured, fit on all the examples: its log
        // loss on them is the refit's, and it weighs the separating feature.
        assertThat(
                        new ScoredExamples(
                                        examples, e -> ceiling.refitModel().probability(e.values))
                                .logLoss())
                .isCloseTo(ceiling.refit().logLoss(), within(1e-12));
        assertThat(ceiling.refitModel().coefficient(Feature.ERRORS_1H)).isGreaterThan(1.0);
        assertThat(
                        examples.stream()
                                .filter(e -> e.positive)
                                .mapToDouble(e -> ceiling.refitModel().probability(e.values))
                                .min()
                                .orElseThrow())
                .isGreaterThan(
                        examples.stream()
                                .filter(e -> !e.positive)
                                .mapToDouble(e -> ceiling.refitModel().probability(e.values))
                                .max()
                                .orElseThrow());
    }

    @Test
    void theBestSingleFeatureIsTheOneThatCarriesTheLabelWithItsSign() {
        List<LabeledExample> examples = separableBy(Feature.METRIC_DRIFT);
        for (LabeledExample example : examples) {
            example.values[Feature.METRIC_DRIFT.ordinal()] *= -1;
        }

        Ceiling ceiling = Ceiling.measure(examples, null);

        assertThat(ceiling.bestFeature()).isEqualTo(Feature.METRIC_DRIFT);
        assertThat(ceiling.higherIsRiskier()).isFalse();
        assertThat(ceiling.bestFeatureAveragePrecision()).isEqualTo(1.0);

        Ceiling unflipped = Ceiling.measure(separableBy(Feature.CHANGES_24H), null);
        assertThat(unflipped.bestFeature()).isEqualTo(Feature.CHANGES_24H);
        assertThat(unflipped.higherIsRiskier()).isTrue();
    }

    /**
     * One feature ranks four examples: 3 (positive), 2 (negative, weight 4), 1 (positive), 0
     * (negative). Higher first, the precision at the second positive is 2 of 1 + 4 + 1: average
     * precision (1 + 2/6) / 2 = 2/3, against (1 + 2/3) / 2 if the negative counted once.
     */
    @Test
    void aWeightedNegativeCountsAsSeveral() {
        double[] values = {3, 2, 1, 0};
        boolean[] positive = {true, false, true, false};
        double[] weights = {1, 4, 1, 1};
        List<LabeledExample> examples = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            LabeledExample example = example(i, positive[i], weights[i]);
            example.values[Feature.ALERTS_1H.ordinal()] = values[i];
            examples.add(example);
        }

        Ceiling ceiling = Ceiling.measure(examples, onlyOn(Feature.ALERTS_1H, 1));

        assertThat(ceiling.bestFeature()).isEqualTo(Feature.ALERTS_1H);
        assertThat(ceiling.higherIsRiskier()).isTrue();
        assertThat(ceiling.bestFeatureAveragePrecision()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(ceiling.shipped().averagePrecision()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(ceiling.positiveShare()).isCloseTo(2.0 / 7, within(1e-12));
    }

    @Test
    void anExampleOfWeightFourCountsAsFourCopiesOfIt() {
        List<LabeledExample> weighted = separableBy(Feature.ERRORS_5M);
        Random random = new Random(3);
        // Noise on the signal, so that the refit's figures are not all 1.
        for (LabeledExample example : weighted) {
            example.values[Feature.ERRORS_5M.ordinal()] += random.nextGaussian();
            example.weight = example.positive ? 1 : 4;
        }
        List<LabeledExample> copies = new ArrayList<>();
        for (LabeledExample example : weighted) {
            for (int copy = 0; copy < example.weight; copy++) {
                LabeledExample one = example(example.labelTime, example.positive, 1);
                one.values = example.values;
                copies.add(one);
            }
        }
        LogisticModel shipped = onlyOn(Feature.ERRORS_1H, 0.5);

        Ceiling once = Ceiling.measure(weighted, shipped);
        Ceiling repeated = Ceiling.measure(copies, shipped);

        assertThat(once.refit().averagePrecision()).isLessThan(1.0);
        assertThat(once.refit().averagePrecision())
                .isCloseTo(repeated.refit().averagePrecision(), within(1e-9));
        assertThat(once.refit().logLoss()).isCloseTo(repeated.refit().logLoss(), within(1e-9));
        assertThat(once.shipped().averagePrecision())
                .isEqualTo(repeated.shipped().averagePrecision());
        assertThat(once.shipped().logLoss()).isCloseTo(repeated.shipped().logLoss(), within(1e-12));
        assertThat(once.bestFeatureAveragePrecision())
                .isEqualTo(repeated.bestFeatureAveragePrecision());
        assertThat(once.positiveShare()).isCloseTo(repeated.positiveShare(), within(1e-15));
    }

    @Test
    void aModelThatRanksNothingGetsThePositiveShare() {
        Ceiling ceiling = Ceiling.measure(separableBy(Feature.ALERTS_5M), LogisticModel.zero(1));

        assertThat(ceiling.shipped().averagePrecision())
                .isCloseTo(ceiling.positiveShare(), within(1e-12));
        // Every score 0.5: log loss ln 2.
        assertThat(ceiling.shipped().logLoss()).isCloseTo(Math.log(2), within(1e-12));
    }

    /**
     * Positives have many errors in the earlier half (by label time) and few in the later: a refit
     * on the earlier half ranks the later half backwards, a model of the later half's rule
     * perfectly. The examples come in reverse, so only sorting by label time finds the halves.
     */
    @Test
    void theEarlierHalfRefitIsMeasuredOnTheLaterHalf() {
        List<LabeledExample> examples = separableBy(Feature.ERRORS_1H);
        for (LabeledExample example : examples.subList(150, 300)) {
            example.values[Feature.ERRORS_1H.ordinal()] *= -1;
        }
        Collections.reverse(examples);

        Ceiling ceiling = Ceiling.measure(examples, onlyOn(Feature.ERRORS_1H, -1));

        assertThat(ceiling.shippedLaterHalf().averagePrecision()).isEqualTo(1.0);
        assertThat(ceiling.earlierHalfRefitLaterHalf().averagePrecision()).isLessThan(0.2);
    }

    @Test
    void withoutAPositiveThereIsNothingToRank() {
        List<LabeledExample> examples = List.of(example(1, false, 5), example(2, false, 5));

        Ceiling ceiling = Ceiling.measure(examples, LogisticModel.zero(1));

        assertThat(ceiling.bestFeature()).isNull();
        assertThat(ceiling.refit().averagePrecision()).isNaN();
        assertThat(ceiling.shipped().averagePrecision()).isNaN();
        assertThat(ceiling.positiveShare()).isZero();
    }
}
