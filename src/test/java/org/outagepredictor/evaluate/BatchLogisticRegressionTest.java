package org.outagepredictor.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.outagepredictor.features.Feature;
import org.outagepredictor.features.LabeledExample;

/** The batch fit behind the ceiling reaches the minimum of its loss. */
class BatchLogisticRegressionTest {

    private static LabeledExample example(boolean positive, double weight) {
        LabeledExample example = new LabeledExample();
        example.positive = positive;
        example.weight = weight;
        example.values = new double[Feature.COUNT];
        example.values[Feature.BIAS.ordinal()] = 1;
        return example;
    }

    /** With the bias alone, the fit is the log-odds of the weighted positive share. */
    @Test
    void withTheBiasAloneTheFitIsTheLogOddsOfThePositiveShare() {
        List<LabeledExample> examples = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            examples.add(example(i < 3, i < 3 ? 1 : 5));
        }

        double[] coefficients = BatchLogisticRegression.fit(examples, 1e-9).coefficients();

        // 3 positives of weight 1 among 27 negatives of weight 5.
        assertThat(coefficients[Feature.BIAS.ordinal()])
                .isCloseTo(Math.log(3.0 / 135), within(1e-6));
        for (Feature feature : Feature.values()) {
            if (feature != Feature.BIAS) {
                assertThat(coefficients[feature.ordinal()]).isZero();
            }
        }
    }

    /**
     * Features of scales from 0.01 to 1,000 and labels drawn from a known model: no small move of
     * any coefficient lowers the penalised loss.
     */
    @Test
    void noCoefficientCanMoveToALowerLoss() {
        Random random = new Random(11);
        List<LabeledExample> examples = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            LabeledExample example = example(false, 1);
            double margin = -3;
            for (int f = 1; f < Feature.COUNT; f++) {
                double scale = Math.pow(10, f % 6 - 2);
                example.values[f] = random.nextGaussian() * scale;
                margin += example.values[f] / scale * (f % 3 - 1);
            }
            example.positive = random.nextDouble() < 1 / (1 + Math.exp(-margin));
            example.weight = example.positive ? 1 : 2;
            examples.add(example);
        }

        double[] fitted = BatchLogisticRegression.fit(examples, 1.0).coefficients();

        double minimum = BatchLogisticRegression.penalisedLoss(examples, fitted, 1.0);
        for (int f = 0; f < Feature.COUNT; f++) {
            for (double move : new double[] {-1e-4, 1e-4}) {
                double[] moved = fitted.clone();
                moved[f] += move * Math.max(1e-3, Math.abs(fitted[f]));
                assertThat(BatchLogisticRegression.penalisedLoss(examples, moved, 1.0))
                        .isGreaterThanOrEqualTo(minimum);
            }
        }
    }

    @Test
    void solvesASymmetricPositiveDefiniteSystem() {
        double[][] a = {{4, 0, 0}, {2, 5, 0}, {1, 3, 6}};
        // The full matrix is {{4, 2, 1}, {2, 5, 3}, {1, 3, 6}}; x = (1, -1, 2) gives b.
        double[] b = {4 - 2 + 2, 2 - 5 + 6, 1 - 3 + 12};

        assertThat(BatchLogisticRegression.solve(a, b))
                .containsExactly(new double[] {1, -1, 2}, within(1e-12));
    }
}
