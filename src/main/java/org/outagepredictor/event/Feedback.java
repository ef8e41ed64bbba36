package org.outagepredictor.event;

/** An on-call engineer's answer to a prediction, carried by a {@link EventKind#FEEDBACK} event. */
public enum Feedback {
    /** The warning was right and the outage was prevented: not a negative label. */
    ACKNOWLEDGED_MITIGATED,
    /** The warning was wrong: a negative label. */
    DISMISSED
}
