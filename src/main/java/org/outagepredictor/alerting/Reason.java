package org.outagepredictor.alerting;

import java.util.Locale;
import java.util.Objects;
import org.outagepredictor.features.Feature;

/**
 * One reason for an alert: a feature and how much it pushed the device's log-odds of an outage up,
 * {@code contribution = coefficient * value}. A Flink POJO.
 */
public class Reason {

    /** The feature's name in lower case, as in {@link Feature#names()}. */
    public String feature;

    /** The feature in words, from {@link Feature#description()}. */
    public String description;

    /** The feature's value in the snapshot. */
    public double value;

    /** The feature's term in the model's dot product, {@code w_i * x_i}. */
    public double contribution;

    public Reason() {}

    public static Reason of(Feature feature, double value, double contribution) {
        Reason reason = new Reason();
        reason.feature = feature.name().toLowerCase(Locale.ROOT);
        reason.description = feature.description();
        reason.value = value;
        reason.contribution = contribution;
        return reason;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Reason)) {
            return false;
        }
        Reason that = (Reason) o;
        return Double.compare(value, that.value) == 0
                && Double.compare(contribution, that.contribution) == 0
                && Objects.equals(feature, that.feature)
                && Objects.equals(description, that.description);
    }

    @Override
    public int hashCode() {
        return Objects.hash(feature, value, contribution);
    }

    @Override
    public String toString() {
        return feature + "=" + value + " (" + contribution + ")";
    }
}
