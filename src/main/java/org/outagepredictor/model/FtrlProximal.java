package org.outagepredictor.model;

import static org.apache.flink.util.Preconditions.checkArgument;

import java.io.Serializable;

/**
 * Logistic regression learned online with FTRL-Proximal (McMahan et al., "Ad Click Prediction: a
 * View from the Trenches", KDD 2013), the algorithm behind Flink ML's OnlineLogisticRegression. Per
 * coordinate it keeps {@code z} (the adjusted sum of gradients) and {@code n} (the sum of squared
 * gradients); weights are derived from them lazily, with L1 setting weak weights to exactly zero.
 *
 * <p>Like Flink ML's logistic regression there is no separate intercept: the feature vector carries
 * a constant 1 (see {@code Feature.BIAS}).
 */
public final class FtrlProximal implements Serializable {

    private static final long serialVersionUID = 1L;

    private final double alpha;
    private final double beta;
    private final double l1;
    private final double l2;
    private final double[] z;
    private final double[] n;
    private final double[] scratchWeights;

    public FtrlProximal(int width, double alpha, double beta, double l1, double l2) {
        checkArgument(width > 0, "width must be positive, was %s", width);
        checkArgument(alpha > 0, "alpha must be positive, was %s", alpha);
        checkArgument(beta >= 0, "beta must not be negative, was %s", beta);
        checkArgument(l1 >= 0 && l2 >= 0, "l1 and l2 must not be negative, were %s and %s", l1, l2);
        this.alpha = alpha;
        this.beta = beta;
        this.l1 = l1;
        this.l2 = l2;
        this.z = new double[width];
        this.n = new double[width];
        this.scratchWeights = new double[width];
    }

    /**
     * An FTRL-Proximal learner that continues from saved {@code z} and {@code n} (copied), exactly
     * where the one they came from stopped.
     */
    public static FtrlProximal restore(
            double alpha, double beta, double l1, double l2, double[] z, double[] n) {
        checkArgument(
                z.length == n.length, "z and n differ in width: %s and %s", z.length, n.length);
        FtrlProximal ftrl = new FtrlProximal(z.length, alpha, beta, l1, l2);
        System.arraycopy(z, 0, ftrl.z, 0, z.length);
        System.arraycopy(n, 0, ftrl.n, 0, n.length);
        return ftrl;
    }

    /**
     * A learner whose weights start at {@code weights} (a model trained before, say), with no
     * gradient history: {@code n} is 0 and {@code z} is chosen so that {@link #weight} gives back
     * each weight. Its first updates therefore take full-size steps ({@code alpha / beta}); the
     * trainer's publication check keeps a worse model from reaching scoring meanwhile.
     */
    public static FtrlProximal warmStart(
            double alpha, double beta, double l1, double l2, double[] weights) {
        FtrlProximal ftrl = new FtrlProximal(weights.length, alpha, beta, l1, l2);
        double scale = beta / alpha + l2;
        for (int i = 0; i < weights.length; i++) {
            double w = weights[i];
            ftrl.z[i] = w == 0.0 ? 0.0 : -w * scale - Math.signum(w) * l1;
        }
        return ftrl;
    }

    /** A copy of the adjusted gradient sums. */
    public double[] z() {
        return z.clone();
    }

    /** A copy of the sums of squared gradients. */
    public double[] n() {
        return n.clone();
    }

    /** The weight of coordinate {@code i} implied by the current {@code z} and {@code n}. */
    public double weight(int i) {
        double zi = z[i];
        if (Math.abs(zi) <= l1) {
            return 0.0;
        }
        return -(zi - Math.signum(zi) * l1) / ((beta + Math.sqrt(n[i])) / alpha + l2);
    }

    /** All weights, a fresh array. */
    public double[] weights() {
        double[] w = new double[z.length];
        for (int i = 0; i < w.length; i++) {
            w[i] = weight(i);
        }
        return w;
    }

    /** The probability of the positive class for {@code x} under the current weights. */
    public double predict(double[] x) {
        return sigmoid(margin(x));
    }

    /**
     * Learns from one example: {@code label} 1 or 0, {@code importance} the example's weight (above
     * 1 for an example that stands for several down-sampled ones). Returns the probability
     * predicted before the update, so callers can evaluate prequentially.
     */
    public double update(double[] x, double label, double importance) {
        checkArgument(x.length == z.length, "expected %s features, got %s", z.length, x.length);
        // Each weight costs a square root, so they are derived once, for the prediction and the
        // update alike.
        double[] w = scratchWeights;
        double dot = 0.0;
        for (int i = 0; i < x.length; i++) {
            if (x[i] != 0.0) {
                w[i] = weight(i);
                dot += w[i] * x[i];
            }
        }
        double p = sigmoid(dot);
        double gradientScale = (p - label) * importance;
        for (int i = 0; i < x.length; i++) {
            if (x[i] == 0.0) {
                continue;
            }
            double g = gradientScale * x[i];
            double sigma = (Math.sqrt(n[i] + g * g) - Math.sqrt(n[i])) / alpha;
            z[i] += g - sigma * w[i];
            n[i] += g * g;
        }
        return p;
    }

    private double margin(double[] x) {
        double dot = 0.0;
        for (int i = 0; i < x.length; i++) {
            if (x[i] != 0.0) {
                dot += weight(i) * x[i];
            }
        }
        return dot;
    }

    /** The logistic function in the form Flink ML's servable uses: {@code 1 - 1 / (1 + e^m)}. */
    public static double sigmoid(double margin) {
        return 1.0 - 1.0 / (1.0 + Math.exp(margin));
    }
}
