package org.outagepredictor.model;

import java.io.Serializable;
import java.util.Arrays;
import org.apache.flink.util.Preconditions;
import org.outagepredictor.features.Feature;

/**
 * An immutable logistic-regression model over the {@link Feature} vector: a version and one
 * coefficient per feature.
 *
 * <p>Scoring follows Flink ML's {@code LogisticRegressionModelServable} exactly: {@code dot = w·x},
 * {@code p = 1 - 1 / (1 + exp(dot))}, with no separate intercept (the intercept is the coefficient
 * of {@link Feature#BIAS}, whose value is always 1.0). A model file written by {@link ModelFile}
 * therefore scores the same here and in Flink ML tools.
 *
 * <p>The model is small (one double per feature), so it is {@link Serializable} and travels inside
 * the operator that uses it; no model file needs to exist on TaskManagers.
 */
public final class LogisticModel implements Serializable {

    private static final long serialVersionUID = 1L;

    private final long version;
    private final double[] coefficients;

    /**
     * Creates a model; the coefficients are copied.
     *
     * @throws IllegalArgumentException if there is not exactly one coefficient per {@link Feature},
     *     or a coefficient is NaN or infinite (such a model would silently score every device as
     *     NaN and never alert)
     */
    public LogisticModel(long version, double[] coefficients) {
        Preconditions.checkNotNull(coefficients, "coefficients must not be null");
        Preconditions.checkArgument(
                coefficients.length == Feature.COUNT,
                "A model needs one coefficient per feature: found %s coefficients, expected %s"
                        + " (Feature.COUNT)",
                coefficients.length,
                Feature.COUNT);
        for (int i = 0; i < coefficients.length; i++) {
            Preconditions.checkArgument(
                    Double.isFinite(coefficients[i]),
                    "Coefficient of feature %s is %s; coefficients must be finite",
                    Feature.values()[i],
                    coefficients[i]);
        }
        this.version = version;
        this.coefficients = coefficients.clone();
    }

    /** A model whose coefficients are all zero: it scores every device 0.5. */
    public static LogisticModel zero(long version) {
        return new LogisticModel(version, new double[Feature.COUNT]);
    }

    public long version() {
        return version;
    }

    /** A copy of the coefficients, index {@code i} belonging to {@code Feature.values()[i]}. */
    public double[] coefficients() {
        return coefficients.clone();
    }

    public double coefficient(Feature feature) {
        return coefficients[feature.ordinal()];
    }

    /**
     * The probability of an outage within the model's horizon, as Flink ML's servable computes it.
     * Called once per snapshot, so it allocates nothing.
     *
     * @throws IllegalArgumentException if the vector's width is not {@link Feature#COUNT}
     */
    public double probability(double[] features) {
        // A plain check rather than Preconditions: the varargs call would build an Object[] on
        // every snapshot unless the JIT happens to remove it.
        if (features.length != coefficients.length) {
            throw new IllegalArgumentException(
                    "Feature vector has width "
                            + features.length
                            + ", the model expects "
                            + coefficients.length);
        }
        double dot = 0.0;
        for (int i = 0; i < coefficients.length; i++) {
            dot += coefficients[i] * features[i];
        }
        // The servable's formula, kept verbatim (rather than 1 / (1 + exp(-dot))) so that the
        // two agree to the last bit wherever their dot products do.
        return 1.0 - 1.0 / (1.0 + Math.exp(dot));
    }

    /**
     * Each feature's contribution {@code w_i * x_i} to the log-odds, in vector order. Explaining an
     * alert is rare next to scoring, so this allocates one small array.
     *
     * @throws IllegalArgumentException if the vector's width is not {@link Feature#COUNT}
     */
    public double[] contributions(double[] features) {
        Preconditions.checkArgument(
                features.length == coefficients.length,
                "Feature vector has width %s, the model expects %s",
                features.length,
                coefficients.length);
        double[] contributions = new double[coefficients.length];
        for (int i = 0; i < coefficients.length; i++) {
            contributions[i] = coefficients[i] * features[i];
        }
        return contributions;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof LogisticModel)) {
            return false;
        }
        LogisticModel that = (LogisticModel) o;
        return version == that.version && Arrays.equals(coefficients, that.coefficients);
    }

    @Override
    public int hashCode() {
        return 31 * Long.hashCode(version) + Arrays.hashCode(coefficients);
    }

    @Override
    public String toString() {
        return "LogisticModel{version="
                + version
                + ", coefficients="
                + Arrays.toString(coefficients)
                + "}";
    }
}
