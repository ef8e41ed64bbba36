package org.outagepredictor.event;

/** How a change came about; unauthorised and emergency changes carry more risk. */
public enum ChangeType {
    /** Approved in advance through change management (a normal or standard change). */
    PLANNED,
    /** Approved in a hurry, usually while something is already wrong. */
    EMERGENCY,
    /** Seen on the device with no approved change record. */
    UNAUTHORISED,
    /** A configuration-management run (Puppet, Chef) that changed resources. */
    CONFIG_RUN
}
