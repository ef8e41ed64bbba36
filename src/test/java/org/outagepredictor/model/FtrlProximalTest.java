package org.outagepredictor.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FtrlProximalTest {

    /**
     * Two updates worked out by hand with alpha = 1, beta = 1, no regularisation.
     *
     * <p>First, x = (1, 2), y = 1: w = 0 so p = 0.5; g = (p - y) x = (-0.5, -1); sigma = |g|
     * because n was 0; z = g = (-0.5, -1); n = g^2 = (0.25, 1); w_i = -z_i / (1 + sqrt(n_i)) =
     * (1/3, 1/2).
     *
     * <p>Second, x = (1, 0), y = 0: p = 1 - 1/(1 + e^(1/3)) = 0.58257...; only coordinate 0 moves:
     * g = p, sigma = sqrt(0.25 + p^2) - 0.5, z_0 = -0.5 + g - sigma / 3, n_0 = 0.25 + p^2.
     */
    @Test
    void matchesUpdatesWorkedOutByHand() {
        FtrlProximal ftrl = new FtrlProximal(2, 1.0, 1.0, 0.0, 0.0);

        assertThat(ftrl.update(new double[] {1, 2}, 1, 1)).isEqualTo(0.5);
        assertThat(ftrl.weight(0)).isCloseTo(1.0 / 3, within(1e-15));
        assertThat(ftrl.weight(1)).isCloseTo(0.5, within(1e-15));

        double p = ftrl.update(new double[] {1, 0}, 0, 1);
        assertThat(p).isCloseTo(0.5825702064623147, within(1e-15));
        assertThat(ftrl.weight(0)).isCloseTo(0.0037723824009054064, within(1e-15));
        assertThat(ftrl.weight(1)).isCloseTo(0.5, within(1e-15));
    }

    @Test
    void l1SetsWeakWeightsToExactlyZero() {
        FtrlProximal ftrl = new FtrlProximal(2, 1.0, 1.0, 0.6, 0.0);
        ftrl.update(new double[] {1, 2}, 1, 1);
        // z = (-0.5, -1): |z_0| <= l1 gives 0; w_1 = -(z_1 + l1) / ((1 + 1) / 1) = 0.2.
        assertThat(ftrl.weight(0)).isZero();
        assertThat(ftrl.weight(1)).isCloseTo(0.2, within(1e-15));
    }

    @Test
    void importanceWeightActsLikeAScaledGradient() {
        FtrlProximal weighted = new FtrlProximal(1, 0.5, 1.0, 0.0, 0.0);
        weighted.update(new double[] {1}, 0, 3);
        // (p - y) * importance = 1.5: z = 1.5, n = 2.25, w = -1.5 / ((1 + 1.5) / 0.5) = -0.3.
        assertThat(weighted.weight(0)).isCloseTo(-0.3, within(1e-15));
    }

    @Test
    void learnsASeparableRuleAndIsDeterministic() {
        double[] first = train(7);
        double[] second = train(7);
        assertThat(second).containsExactly(first);
        FtrlProximal ftrl = new FtrlProximal(3, 0.1, 1.0, 0.0, 1.0);
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 20_000; i++) {
            double signal = random.nextDouble(-3, 3);
            ftrl.update(new double[] {1, signal, random.nextDouble()}, signal > 1 ? 1 : 0, 1);
        }
        assertThat(ftrl.predict(new double[] {1, 2.5, 0.5})).isGreaterThan(0.9);
        assertThat(ftrl.predict(new double[] {1, -2, 0.5})).isLessThan(0.05);
    }

    private static double[] train(long seed) {
        FtrlProximal ftrl = new FtrlProximal(3, 0.1, 1.0, 0.01, 1.0);
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < 1000; i++) {
            double signal = random.nextDouble(-3, 3);
            ftrl.update(new double[] {1, signal, random.nextDouble()}, signal > 0 ? 1 : 0, 1);
        }
        return ftrl.weights();
    }

    @Test
    void aWarmStartGivesBackTheWeightsItStartsFrom() {
        double[] weights = {0.7, -1.3, 0.0, 2.5};
        FtrlProximal ftrl = FtrlProximal.warmStart(0.05, 1.0, 0.1, 1.0, weights);
        for (int i = 0; i < weights.length; i++) {
            assertThat(ftrl.weight(i)).isCloseTo(weights[i], within(1e-12));
        }
    }

    @Test
    void aRestoredLearnerContinuesExactly() {
        FtrlProximal original = new FtrlProximal(3, 0.1, 1.0, 0.01, 1.0);
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 500; i++) {
            double signal = random.nextDouble(-3, 3);
            original.update(new double[] {1, signal, random.nextDouble()}, signal > 0 ? 1 : 0, 1);
        }
        FtrlProximal restored =
                FtrlProximal.restore(0.1, 1.0, 0.01, 1.0, original.z(), original.n());
        for (int i = 0; i < 500; i++) {
            double signal = random.nextDouble(-3, 3);
            double[] x = {1, signal, random.nextDouble()};
            assertThat(restored.update(x, signal > 0 ? 1 : 0, 2))
                    .isEqualTo(original.update(x, signal > 0 ? 1 : 0, 2));
        }
        assertThat(restored.z()).containsExactly(original.z());
        assertThat(restored.n()).containsExactly(original.n());
    }
}
