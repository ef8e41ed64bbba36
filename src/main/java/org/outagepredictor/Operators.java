package org.outagepredictor;

/**
 * Every operator of the prediction job, with the name shown in the Flink dashboard and the uid that
 * savepoints map state by. Uids never change once released: renaming one orphans its state.
 */
public enum Operators {
    FLEET_SIMULATOR("fleet-simulator", "Fleet simulator"),
    /** One per input format: uid {@code kafka-input-<format>}, name "Kafka input <format>". */
    KAFKA_INPUT("kafka-input", "Kafka input"),
    /** The Kafka sources parse; this routes their events on and their dead letters out. */
    PARSE("parse", "Events and dead letters"),
    FAILURE_INJECTOR("failure-injector", "Failure injector (test.failures)"),
    DEAD_LETTER_OUTPUT("dead-letter-output", "Dead letters to Kafka"),
    DEVICE_FEATURES("device-features", "Device features (RocksDB)"),
    TRAINER("trainer", "Online trainer (FTRL, prequential)"),
    NO_MODEL_UPDATES("no-model-updates", "No model updates (trainer disabled)"),
    SCORER("scorer", "Score and alert lifecycle"),
    LOCAL_ALERT_OUTPUT("local-alert-output", "Alerts to console and file"),
    KAFKA_ALERT_OUTPUT("kafka-alert-output", "Alerts to Kafka (exactly once)"),
    DELIVERY("delivery", "On-call delivery (async I/O)"),
    DELIVERY_RESULT_OUTPUT("delivery-result-output", "Delivery results out"),
    DELIVERY_DEAD_LETTER_OUTPUT("delivery-dead-letter-output", "Undelivered alerts to Kafka"),
    KAFKA_SCORE_OUTPUT("kafka-score-output", "Scores to Kafka"),
    KAFKA_LABEL_OUTPUT("kafka-label-output", "Labels to Kafka (exactly once)"),
    LABEL_OUTPUT("label-output", "Labels out"),
    KAFKA_MODEL_VERSION_OUTPUT("kafka-model-version-output", "Model versions to Kafka"),
    MODEL_VERSION_OUTPUT("model-version-output", "Model versions out"),
    TRAINING_REPORT_OUTPUT("training-report-output", "Training reports out"),
    SCORE_OUTPUT("score-output", "Scores out");

    public final String uid;
    public final String displayName;

    Operators(String uid, String displayName) {
        this.uid = uid;
        this.displayName = displayName;
    }
}
