package org.outagepredictor.simulate;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The kinds of device the simulator knows, each with the label written to {@link
 * org.outagepredictor.event.OpsEvent#deviceClass} and the prefix of its device ids ({@code
 * fw-000007}).
 */
public enum DeviceClass {
    FIREWALL("firewall", "fw"),
    ROUTER("router", "rtr"),
    SWITCH("switch", "sw"),
    SERVER("server", "srv"),
    DATABASE("database", "db"),
    LOAD_BALANCER("load-balancer", "lb");

    private final String label;
    private final String idPrefix;

    DeviceClass(String label, String idPrefix) {
        this.label = label;
        this.idPrefix = idPrefix;
    }

    /** The name used in events and in options, such as {@code load-balancer}. */
    public String label() {
        return label;
    }

    /** The start of the ids of devices of this class, such as {@code lb}. */
    public String idPrefix() {
        return idPrefix;
    }

    /**
     * The class with the given label.
     *
     * @throws IllegalArgumentException naming the known labels if there is none
     */
    public static DeviceClass fromLabel(String label) {
        for (DeviceClass deviceClass : values()) {
            if (deviceClass.label.equals(label)) {
                return deviceClass;
            }
        }
        throw new IllegalArgumentException(
                "unknown device class '" + label + "'; expected one of " + labels());
    }

    /** All labels, comma-separated, for error messages and docs. */
    static String labels() {
        return Arrays.stream(values()).map(DeviceClass::label).collect(Collectors.joining(", "));
    }
}
