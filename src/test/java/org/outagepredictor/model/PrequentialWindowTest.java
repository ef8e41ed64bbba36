package org.outagepredictor.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PrequentialWindowTest {

    /** Every example's label has come. */
    private static final long ALL = Long.MAX_VALUE;

    /**
     * Four examples ranked by score: 0.9 (positive), 0.8 (negative), 0.6 (positive), 0.1
     * (negative). Average precision = (1/1 + 2/3) / 2 = 0.8333...; at threshold 0.5 three are
     * predicted, two right: precision 2/3, recall 1.
     */
    @Test
    void metricsMatchValuesWorkedOutByHand() {
        PrequentialWindow window = new PrequentialWindow(10);
        window.add(0.9, 0.5, true, 1, 0, 60_000);
        window.add(0.8, 0.5, false, 1, 0, 120_000);
        window.add(0.6, 0.5, true, 1, 0, 60_000);
        window.add(0.1, 0.5, false, 1, 0, 0);

        PrequentialWindow.Metrics metrics = window.candidateMetrics(0.5, ALL);
        assertThat(metrics.prAuc).isCloseTo(5.0 / 6, within(1e-12));
        assertThat(metrics.precision).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(metrics.recall).isEqualTo(1.0);
        double logLoss = -(Math.log(0.9) + Math.log(0.2) + Math.log(0.6) + Math.log(0.9)) / 4;
        assertThat(metrics.logLoss).isCloseTo(logLoss, within(1e-12));
        assertThat(window.meanLabelDelayMillis(ALL)).isEqualTo(60_000.0);

        // A model that scores everything alike ranks nothing: its PR-AUC is the positive share.
        assertThat(window.currentMetrics(0.5, ALL).prAuc).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void weightsCountAnExampleSeveralTimes() {
        PrequentialWindow window = new PrequentialWindow(10);
        window.add(0.9, 0.9, true, 1, 0, 0);
        window.add(0.8, 0.8, false, 4, 0, 0);
        window.add(0.7, 0.7, true, 1, 0, 0);
        // Precision at the second positive: 2 positives among 1 + 4 + 1 = 6.
        assertThat(window.candidateMetrics(0.5, ALL).prAuc)
                .isCloseTo((1.0 + 2.0 / 6) / 2, within(1e-12));
        assertThat(window.candidateMetrics(0.5, ALL).precision).isCloseTo(2.0 / 6, within(1e-12));
    }

    @Test
    void theRingKeepsOnlyTheNewestExamples() {
        PrequentialWindow window = new PrequentialWindow(10);
        for (int i = 0; i < 25; i++) {
            window.add(0.5, 0.5, i >= 20, 1, 0, 0);
        }
        assertThat(window.size(ALL)).isEqualTo(10);
        assertThat(window.positives(ALL)).isEqualTo(5);
    }

    @Test
    void anEmptyWindowsMetricsAreUndefined() {
        PrequentialWindow window = new PrequentialWindow(10);
        assertThat(window.currentMetrics(0.5, ALL).logLoss).isNaN();
        assertThat(window.currentMetrics(0.5, ALL).prAuc).isNaN();
    }

    @Test
    void aClearedWindowComparesOnlyTheExamplesAfter() {
        PrequentialWindow window = new PrequentialWindow(10);
        window.add(0.9, 0.1, true, 1, 0, 0);
        window.add(0.1, 0.9, false, 1, 0, 0);
        window.clear();
        window.add(0.8, 0.7, true, 1, 0, 0);
        window.add(0.3, 0.2, false, 1, 0, 0);

        assertThat(window.size(ALL)).isEqualTo(2);
        assertThat(window.currentMetrics(0.5, ALL).logLoss)
                .isCloseTo(-(Math.log(0.7) + Math.log(0.8)) / 2, within(1e-12));
        assertThat(window.candidateMetrics(0.5, ALL).logLoss)
                .isCloseTo(-(Math.log(0.8) + Math.log(0.7)) / 2, within(1e-12));
    }

    @Test
    void onlyExamplesWhoseLabelsHaveAllComeCount() {
        PrequentialWindow window = new PrequentialWindow(10);
        window.add(0.9, 0.2, true, 1, 1_000, 60_000);
        window.add(0.1, 0.3, false, 5, 2_000, 600_000);
        // A newer snapshot, whose negative label could still be on its way.
        window.add(0.8, 0.1, true, 1, 3_000, 60_000);

        assertThat(window.size(2_000)).isEqualTo(2);
        assertThat(window.positives(2_000)).isEqualTo(1);
        assertThat(window.meanLabelDelayMillis(2_000)).isEqualTo(330_000.0);
        assertThat(window.currentMetrics(0.5, 2_000).logLoss)
                .isCloseTo(-(Math.log(0.2) + 5 * Math.log(0.7)) / 6, within(1e-12));
        assertThat(window.candidateMetrics(0.5, 2_000).prAuc).isEqualTo(1.0);
    }
}
