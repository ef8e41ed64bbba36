package org.outagepredictor.simulate;

/**
 * Why a simulated incident happened: the ground truth behind an INCIDENT event, read back with
 * {@link FleetSimulator#causeOf}. A prediction job can only be expected to foresee the first two.
 */
public enum IncidentCause {
    /** A bad change degraded the device, and the degradation became an outage. */
    BAD_CHANGE,
    /** A metric (temperature or disk use) climbed for hours until the device failed. */
    SLOW_DRIFT,
    /** The device failed with no precursor in any event or metric. */
    RANDOM
}
