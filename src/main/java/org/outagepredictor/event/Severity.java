package org.outagepredictor.event;

/** Severity of an alert or log event, from least to most severe. */
public enum Severity {
    INFO,
    WARNING,
    ERROR,
    CRITICAL;

    /** True for {@link #ERROR} and {@link #CRITICAL}. */
    public boolean isError() {
        return this == ERROR || this == CRITICAL;
    }
}
