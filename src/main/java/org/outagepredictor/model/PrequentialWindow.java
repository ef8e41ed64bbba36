package org.outagepredictor.model;

import java.util.Arrays;

/**
 * The most recent labelled examples that compare two fixed models, as each scored them without
 * having learnt from them or from any label after their snapshots: the candidate the learner offers
 * and the published model that scoring uses. A fixed-size ring, so memory and checkpoint size do
 * not grow with the stream.
 *
 * <p>All metrics are weighted by the examples' importance weights, so a sampled negative that
 * stands for five counts five times, and the figures estimate what the full stream would give.
 */
public final class PrequentialWindow {

    /** Keeps log loss finite for a confident mistake. */
    private static final double EPSILON = 1e-12;

    final double[] candidate;
    final double[] current;
    final boolean[] positive;
    final double[] weight;
    final long[] labelDelay;
    final long[] snapshotTime;
    int next;
    int size;

    public PrequentialWindow(int capacity) {
        candidate = new double[capacity];
        current = new double[capacity];
        positive = new boolean[capacity];
        weight = new double[capacity];
        labelDelay = new long[capacity];
        snapshotTime = new long[capacity];
    }

    /** Records one example as both models scored it. */
    public void add(
            double candidateScore,
            double currentScore,
            boolean isPositive,
            double importance,
            long snapshotTimeMillis,
            long labelDelayMillis) {
        candidate[next] = candidateScore;
        snapshotTime[next] = snapshotTimeMillis;
        current[next] = currentScore;
        positive[next] = isPositive;
        weight[next] = importance;
        labelDelay[next] = labelDelayMillis;
        next = (next + 1) % candidate.length;
        size = Math.min(size + 1, candidate.length);
    }

    /** Forgets every example: a new candidate is compared from the next example on. */
    public void clear() {
        next = 0;
        size = 0;
    }

    /** The examples whose snapshots are at or before {@code until}. */
    public int size(long until) {
        int count = 0;
        for (int i = 0; i < size; i++) {
            count += snapshotTime[i] <= until ? 1 : 0;
        }
        return count;
    }

    /** The positives among the examples whose snapshots are at or before {@code until}. */
    public int positives(long until) {
        int count = 0;
        for (int i = 0; i < size; i++) {
            count += positive[i] && snapshotTime[i] <= until ? 1 : 0;
        }
        return count;
    }

    /**
     * Mean event time from snapshot to label of the examples whose snapshots are at or before
     * {@code until}, in ms; 0 without any.
     */
    public double meanLabelDelayMillis(long until) {
        double sum = 0.0;
        int count = 0;
        for (int i = 0; i < size; i++) {
            if (snapshotTime[i] <= until) {
                sum += labelDelay[i];
                count++;
            }
        }
        return count == 0 ? 0.0 : sum / count;
    }

    /** The candidate's metrics over the examples whose snapshots are at or before {@code until}. */
    public Metrics candidateMetrics(double threshold, long until) {
        return metricsUntil(candidate, threshold, until);
    }

    /** The current model's, over the examples whose snapshots are at or before {@code until}. */
    public Metrics currentMetrics(double threshold, long until) {
        return metricsUntil(current, threshold, until);
    }

    private Metrics metricsUntil(double[] scores, double threshold, long until) {
        int count = size(until);
        double[] chosenScores = new double[count];
        boolean[] chosenPositive = new boolean[count];
        double[] chosenWeight = new double[count];
        int k = 0;
        for (int i = 0; i < size; i++) {
            if (snapshotTime[i] <= until) {
                chosenScores[k] = scores[i];
                chosenPositive[k] = positive[i];
                chosenWeight[k] = weight[i];
                k++;
            }
        }
        return metrics(chosenScores, chosenPositive, chosenWeight, count, threshold);
    }

    /**
     * Weighted log loss, PR-AUC, and precision and recall at {@code threshold}, of the first {@code
     * count} scores against their labels.
     */
    public static Metrics metrics(
            double[] scores, boolean[] positive, double[] weight, int count, double threshold) {
        double positiveWeight = 0.0;
        double predictedWeight = 0.0;
        double truePositiveWeight = 0.0;
        for (int i = 0; i < count; i++) {
            if (positive[i]) {
                positiveWeight += weight[i];
            }
            if (scores[i] >= threshold) {
                predictedWeight += weight[i];
                if (positive[i]) {
                    truePositiveWeight += weight[i];
                }
            }
        }
        return new Metrics(
                logLoss(scores, positive, weight, count),
                averagePrecision(scores, positive, weight, count),
                predictedWeight == 0 ? Double.NaN : truePositiveWeight / predictedWeight,
                positiveWeight == 0 ? Double.NaN : truePositiveWeight / positiveWeight);
    }

    /**
     * The weighted mean log loss of the first {@code count} scores against their labels; NaN when
     * their weights sum to 0.
     */
    public static double logLoss(double[] scores, boolean[] positive, double[] weight, int count) {
        double loss = 0.0;
        double totalWeight = 0.0;
        for (int i = 0; i < count; i++) {
            double p = Math.min(1 - EPSILON, Math.max(EPSILON, scores[i]));
            loss -= weight[i] * (positive[i] ? Math.log(p) : Math.log(1 - p));
            totalWeight += weight[i];
        }
        return totalWeight == 0 ? Double.NaN : loss / totalWeight;
    }

    /**
     * The area under the precision-recall curve of the first {@code count} scores as average
     * precision: the precision at each positive, ranked by score, averaged with the positives'
     * weights. Examples with equal scores form one step, so the order of ties does not matter. NaN
     * without positives.
     */
    public static double averagePrecision(
            double[] scores, boolean[] positive, double[] weight, int count) {
        double positiveWeight = 0.0;
        for (int i = 0; i < count; i++) {
            if (positive[i]) {
                positiveWeight += weight[i];
            }
        }
        if (positiveWeight == 0) {
            return Double.NaN;
        }
        Integer[] order = new Integer[count];
        for (int i = 0; i < count; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(scores[b], scores[a]));
        double area = 0.0;
        double seen = 0.0;
        double truePositives = 0.0;
        int i = 0;
        while (i < count) {
            int j = i;
            double stepPositives = 0.0;
            while (j < count && scores[order[j]] == scores[order[i]]) {
                seen += weight[order[j]];
                if (positive[order[j]]) {
                    stepPositives += weight[order[j]];
                }
                j++;
            }
            truePositives += stepPositives;
            area += stepPositives * (truePositives / seen);
            i = j;
        }
        return area / positiveWeight;
    }

    /** Prequential metrics of one model over the window. */
    public static final class Metrics {
        /** Weighted mean log loss; lower is better. */
        public final double logLoss;

        /** Area under the precision-recall curve (average precision); NaN without positives. */
        public final double prAuc;

        /** Precision at the alert threshold; NaN if nothing reached it. */
        public final double precision;

        /** Recall at the alert threshold; NaN without positives. */
        public final double recall;

        Metrics(double logLoss, double prAuc, double precision, double recall) {
            this.logLoss = logLoss;
            this.prAuc = prAuc;
            this.precision = precision;
            this.recall = recall;
        }
    }
}
