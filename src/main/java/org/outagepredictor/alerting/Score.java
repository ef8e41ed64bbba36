package org.outagepredictor.alerting;

/**
 * One scored snapshot: a device's probability of an outage within the horizon at one moment, and
 * the model version that gave it. The scorer's side output {@link Scorer#SCORES}. A Flink POJO.
 */
public class Score {
    public String deviceId;

    /** Device class (firewall, router, server, ...), or {@code null} if unknown. */
    public String deviceClass;

    /** Event time of the snapshot, epoch ms. */
    public long eventTime;

    public double probability;
    public long modelVersion;

    public Score() {}

    @Override
    public String toString() {
        return deviceId + " @" + eventTime + " p=" + probability + " model " + modelVersion;
    }
}
