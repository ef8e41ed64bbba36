package org.outagepredictor.delivery;

import java.net.URI;
import java.util.Locale;
import java.util.Set;
import org.outagepredictor.alerting.AlertSeverity;

/**
 * One configured receiver: its name, type, endpoint, secret and routing rules. Built by {@link
 * DeliveryOptions}.
 *
 * <p>{@link #toString()} names the target and its rules but never the endpoint, since for Slack and
 * Teams the endpoint is the secret.
 *
 * <p>Known limit: routing is by device class and severity only; routing by site, team or time of
 * day would need options of their own.
 */
public final class DeliveryTarget {

    private final String name;
    private final TargetType type;
    private final URI endpoint;
    private final Secret secret;
    private final Set<String> deviceClasses;
    private final AlertSeverity minSeverity;
    private final int ratePerMinute;

    DeliveryTarget(
            String name,
            TargetType type,
            URI endpoint,
            Secret secret,
            Set<String> deviceClasses,
            AlertSeverity minSeverity,
            int ratePerMinute) {
        this.name = name;
        this.type = type;
        this.endpoint = endpoint;
        this.secret = secret;
        this.deviceClasses = Set.copyOf(deviceClasses);
        this.minSeverity = minSeverity;
        this.ratePerMinute = ratePerMinute;
    }

    public String name() {
        return name;
    }

    public TargetType type() {
        return type;
    }

    /** The URL requests go to (for Opsgenie and Alertmanager, the base the API paths go under). */
    public URI endpoint() {
        return endpoint;
    }

    /** The target's secret, or {@code null} for a type that takes none. */
    public Secret secret() {
        return secret;
    }

    /** Device classes this target receives; empty means all. */
    public Set<String> deviceClasses() {
        return deviceClasses;
    }

    public AlertSeverity minSeverity() {
        return minSeverity;
    }

    public int ratePerMinute() {
        return ratePerMinute;
    }

    /** Whether an alert of this device class matches the target's device classes. */
    private boolean takesDeviceClass(String deviceClass) {
        return deviceClasses.isEmpty()
                || (deviceClass != null
                        && deviceClasses.contains(deviceClass.toLowerCase(Locale.ROOT)));
    }

    /** Whether an alert of this device class and severity goes to this target. */
    public boolean takes(String deviceClass, AlertSeverity severity) {
        return takesDeviceClass(deviceClass)
                && severity != null
                && severity.compareTo(minSeverity) >= 0;
    }

    /** The secret masked out of {@code text} (an error message, a response body). */
    String masked(String text) {
        return secret == null ? text : secret.maskIn(text);
    }

    @Override
    public String toString() {
        return name
                + ":"
                + type.key()
                + " (min-severity "
                + minSeverity.lowerCase()
                + ", device classes "
                + (deviceClasses.isEmpty() ? "all" : deviceClasses)
                + ", "
                + ratePerMinute
                + "/min)";
    }
}
