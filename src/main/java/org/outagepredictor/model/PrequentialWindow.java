package org.outagepredictor.model;

import java.util.Arrays;

/**
 * The most recent labelled examples as two models scored them before learning from them
 * (prequential, "test then train"): the learner's candidate and the published model that scoring
 * used. A fixed-size ring, so memory and checkpoint size do not grow with the stream.
 *
 * <p>The two are compared only on the examples that both scored live, which are those that came
 * after the published model was published: the published model learnt from the older ones, so its
 * scores of them would be in-sample. Those examples have no current score (NaN).
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
    int next;
    int size;

    public PrequentialWindow(int capacity) {
        candidate = new double[capacity];
        current = new double[capacity];
        positive = new boolean[capacity];
        weight = new double[capacity];
        labelDelay = new long[capacity];
    }

    /**
     * Records one example; {@code currentScore} is NaN when there was no published model to score
     * with.
     */
    public void add(
            double candidateScore,
            double currentScore,
            boolean isPositive,
            double importance,
            long labelDelayMillis) {
        candidate[next] = candidateScore;
        current[next] = currentScore;
        positive[next] = isPositive;
        weight[next] = importance;
        labelDelay[next] = labelDelayMillis;
        next = (next + 1) % candidate.length;
        size = Math.min(size + 1, candidate.length);
    }

    /**
     * The candidate was published: it learnt from every example in the window, so none of them can
     * compare it with the next candidate.
     */
    public void candidatePublished() {
        Arrays.fill(current, Double.NaN);
    }

    public int size() {
        return size;
    }

    /** Examples that both models scored live: those since the current model was published. */
    public int compared() {
        int count = 0;
        for (int i = 0; i < size; i++) {
            count += Double.isNaN(current[i]) ? 0 : 1;
        }
        return count;
    }

    public int positives() {
        int count = 0;
        for (int i = 0; i < size; i++) {
            count += positive[i] ? 1 : 0;
        }
        return count;
    }

    /** Mean event time from snapshot to label over the window, in ms; 0 for an empty window. */
    public double meanLabelDelayMillis() {
        if (size == 0) {
            return 0.0;
        }
        double sum = 0.0;
        for (int i = 0; i < size; i++) {
            sum += labelDelay[i];
        }
        return sum / size;
    }

    /** The candidate's metrics over the whole window. */
    public Metrics candidateMetrics(double threshold) {
        return metrics(candidate, threshold, false);
    }

    /** The candidate's metrics over the {@link #compared} examples only. */
    public Metrics comparedCandidateMetrics(double threshold) {
        return metrics(candidate, threshold, true);
    }

    /** The current model's metrics over the {@link #compared} examples; NaN without any. */
    public Metrics currentMetrics(double threshold) {
        return metrics(current, threshold, true);
    }

    private Metrics metrics(double[] scores, double threshold, boolean comparedOnly) {
        int count = comparedOnly ? compared() : size;
        double[] chosenScores = new double[count];
        boolean[] chosenPositive = new boolean[count];
        double[] chosenWeight = new double[count];
        double positiveWeight = 0.0;
        double predictedWeight = 0.0;
        double truePositiveWeight = 0.0;
        int k = 0;
        for (int i = 0; i < size; i++) {
            if (comparedOnly && Double.isNaN(current[i])) {
                continue;
            }
            chosenScores[k] = scores[i];
            chosenPositive[k] = positive[i];
            chosenWeight[k] = weight[i];
            k++;
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
                logLoss(chosenScores, chosenPositive, chosenWeight, count),
                averagePrecision(chosenScores, chosenPositive, chosenWeight, count),
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
