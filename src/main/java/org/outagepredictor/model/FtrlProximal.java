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
        double p = predict(x);
        double gradientScale = (p - label) * importance;
        for (int i = 0; i < x.length; i++) {
            if (x[i] == 0.0) {
                continue;
            }
            double wi = weight(i);
            double g = gradientScale * x[i];
            double sigma = (Math.sqrt(n[i] + g * g) - Math.sqrt(n[i])) / alpha;
            z[i] += g - sigma * wi;
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
    static double sigmoid(double margin) {
        return 1.0 - 1.0 / (1.0 + Math.exp(margin));
    }
}
