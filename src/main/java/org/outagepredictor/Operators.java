package org.outagepredictor;

/**
 * Every operator of the prediction job, with the name shown in the Flink dashboard and the uid that
 * savepoints map state by. Uids never change once released: renaming one orphans its state.
 */
public enum Operators {
    FLEET_SIMULATOR("fleet-simulator", "Fleet simulator"),
    /** One per input format: uid {@code kafka-input-<format>}, name "Kafka input <format>". */
    KAFKA_INPUT("kafka-input", "Kafka input"),
    DEVICE_FEATURES("device-features", "Device features (RocksDB)"),
    SCORER("scorer", "Score and alert lifecycle"),
    LOCAL_ALERT_OUTPUT("local-alert-output", "Alerts to console and file");

    public final String uid;
    public final String displayName;

    Operators(String uid, String displayName) {
        this.uid = uid;
        this.displayName = displayName;
    }
}
