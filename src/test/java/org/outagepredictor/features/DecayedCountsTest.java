package org.outagepredictor.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.outagepredictor.features.DecayedCounts.Counter;
import org.outagepredictor.features.DecayedCounts.HalfLife;

class DecayedCountsTest {

    private static final long MINUTE = 60_000L;

    @Test
    void countHalvesAfterEachHalfLife() {
        double[] counts = new double[DecayedCounts.SIZE];
        DecayedCounts.add(counts, Counter.ERRORS, 0);
        DecayedCounts.decay(counts, 5 * MINUTE);
        assertThat(DecayedCounts.get(counts, Counter.ERRORS, HalfLife.M5))
                .isCloseTo(0.5, within(1e-12));
        assertThat(DecayedCounts.get(counts, Counter.ERRORS, HalfLife.H1))
                .isCloseTo(Math.pow(2, -5.0 / 60), within(1e-12));
        DecayedCounts.decay(counts, 55 * MINUTE);
        assertThat(DecayedCounts.get(counts, Counter.ERRORS, HalfLife.H1))
                .isCloseTo(0.5, within(1e-12));
        assertThat(DecayedCounts.get(counts, Counter.ALERTS, HalfLife.H1)).isZero();
    }

    @Test
    void lateEventCountsWithTheWeightItWouldHaveHad() {
        double[] inOrder = new double[DecayedCounts.SIZE];
        DecayedCounts.add(inOrder, Counter.CHANGES, 0);
        DecayedCounts.decay(inOrder, 10 * MINUTE);

        double[] late = new double[DecayedCounts.SIZE];
        DecayedCounts.add(late, Counter.CHANGES, 10 * MINUTE);

        for (HalfLife halfLife : HalfLife.values()) {
            assertThat(DecayedCounts.get(late, Counter.CHANGES, halfLife))
                    .isCloseTo(
                            DecayedCounts.get(inOrder, Counter.CHANGES, halfLife), within(1e-12));
        }
    }

    @Test
    void steadyStreamGivesItsRateBack() {
        double[] counts = new double[DecayedCounts.SIZE];
        // 120 events per hour, one every 30 s, for three days.
        long step = 30_000L;
        long observed = 0;
        for (int i = 0; i < 3 * 24 * 120; i++) {
            DecayedCounts.decay(counts, step);
            DecayedCounts.add(counts, Counter.EVENTS, 0);
            observed += step;
        }
        // Read half-way between two events, where the discrete stream matches its mean rate.
        DecayedCounts.decay(counts, step / 2);
        observed += step / 2;
        for (HalfLife halfLife : HalfLife.values()) {
            assertThat(DecayedCounts.ratePerHour(counts, Counter.EVENTS, halfLife, observed))
                    .isCloseTo(120.0, within(2.0));
        }
    }

    @Test
    void youngDeviceRateIsCorrectedForTheShortObservation() {
        double[] counts = new double[DecayedCounts.SIZE];
        // 60 events per hour for the first 30 minutes of a device's life.
        long observed = 0;
        for (int i = 0; i < 30; i++) {
            DecayedCounts.decay(counts, MINUTE);
            DecayedCounts.add(counts, Counter.EVENTS, 0);
            observed += MINUTE;
        }
        double baseline = DecayedCounts.ratePerHour(counts, Counter.EVENTS, HalfLife.H24, observed);
        double recent = DecayedCounts.ratePerHour(counts, Counter.EVENTS, HalfLife.M5, observed);
        assertThat(baseline).isCloseTo(60.0, within(2.0));
        assertThat(recent).isCloseTo(60.0, within(6.0));
    }
}
