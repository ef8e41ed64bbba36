package org.outagepredictor.board;

import static org.apache.flink.util.Preconditions.checkArgument;

import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.ReadableConfig;
import org.outagepredictor.ingest.KafkaOptions;

/**
 * Options of the risk board ({@link RiskBoard}). Besides these it reads the job's {@code
 * kafka.bootstrap-servers}, {@code kafka.properties.*}, {@code kafka.scores-topic}, {@code
 * kafka.alerts-topic} and {@code kafka.model-versions-topic}.
 *
 * <ul>
 *   <li>{@code board.host} (127.0.0.1): the address the web server binds; {@code 0.0.0.0} for all.
 *   <li>{@code board.port} (8088): its port; 0 for any free one.
 *   <li>{@code board.max-devices} (10000): devices kept; the least recently updated goes first.
 *   <li>{@code board.history-length} (120): risk points kept per device.
 *   <li>{@code board.score-lookback} (1 h): at start, scores written this long ago and later are
 *       read again.
 *   <li>{@code board.alert-lookback} (7 d): at start, alerts and model versions written this long
 *       ago and later are read again.
 * </ul>
 */
public final class BoardOptions {

    public static final ConfigOption<String> HOST =
            ConfigOptions.key("board.host")
                    .stringType()
                    .defaultValue("127.0.0.1")
                    .withDescription(
                            "Address the risk board's web server binds: 127.0.0.1 for this"
                                    + " machine only, 0.0.0.0 for every interface (a container).");

    public static final ConfigOption<Integer> PORT =
            ConfigOptions.key("board.port")
                    .intType()
                    .defaultValue(8088)
                    .withDescription("Port of the risk board's web server; 0 for any free port.");

    public static final ConfigOption<Integer> MAX_DEVICES =
            ConfigOptions.key("board.max-devices")
                    .intType()
                    .defaultValue(10_000)
                    .withDescription(
                            "Devices the risk board keeps in memory; past this the least recently"
                                    + " updated device is forgotten (it comes back with its next"
                                    + " score).");

    public static final ConfigOption<Integer> HISTORY_LENGTH =
            ConfigOptions.key("board.history-length")
                    .intType()
                    .defaultValue(120)
                    .withDescription(
                            "Risk points (scores) the risk board keeps per device for its chart"
                                    + " and trend; older points are dropped.");

    public static final ConfigOption<Duration> SCORE_LOOKBACK =
            ConfigOptions.key("board.score-lookback")
                    .durationType()
                    .defaultValue(Duration.ofHours(1))
                    .withDescription(
                            "At start the risk board reads the scores written this long ago and"
                                    + " later (by their Kafka time stamp).");

    public static final ConfigOption<Duration> ALERT_LOOKBACK =
            ConfigOptions.key("board.alert-lookback")
                    .durationType()
                    .defaultValue(Duration.ofDays(7))
                    .withDescription(
                            "At start the risk board reads the alerts and model versions written"
                                    + " this long ago and later (by their Kafka time stamp): an"
                                    + " alert open for longer is not shown until it resolves.");

    public final String host;
    public final int port;
    public final int maxDevices;
    public final int historyLength;
    public final Duration scoreLookback;
    public final Duration alertLookback;
    public final KafkaOptions kafka;

    private BoardOptions(ReadableConfig config) {
        host = config.get(HOST).trim();
        port = config.get(PORT);
        maxDevices = config.get(MAX_DEVICES);
        historyLength = config.get(HISTORY_LENGTH);
        scoreLookback = config.get(SCORE_LOOKBACK);
        alertLookback = config.get(ALERT_LOOKBACK);
        kafka = KafkaOptions.from(config);
        checkArgument(port >= 0 && port <= 65535, "%s must be 0 to 65535", PORT.key());
        checkArgument(maxDevices > 0, "%s must be positive", MAX_DEVICES.key());
        checkArgument(historyLength > 1, "%s must be at least 2", HISTORY_LENGTH.key());
        checkArgument(!scoreLookback.isNegative(), "%s must not be negative", SCORE_LOOKBACK.key());
        checkArgument(!alertLookback.isNegative(), "%s must not be negative", ALERT_LOOKBACK.key());
    }

    public static BoardOptions from(ReadableConfig config) {
        return new BoardOptions(config);
    }

    /** The board's own options, for the configuration docs. */
    public static List<ConfigOption<?>> options() {
        return List.of(HOST, PORT, MAX_DEVICES, HISTORY_LENGTH, SCORE_LOOKBACK, ALERT_LOOKBACK);
    }

    /** Every option the board accepts: its own and the Kafka ones it shares with the job. */
    public static List<ConfigOption<?>> allOptions() {
        return List.of(
                HOST,
                PORT,
                MAX_DEVICES,
                HISTORY_LENGTH,
                SCORE_LOOKBACK,
                ALERT_LOOKBACK,
                KafkaOptions.BOOTSTRAP_SERVERS,
                KafkaOptions.SCORES_TOPIC,
                KafkaOptions.ALERTS_TOPIC,
                KafkaOptions.MODEL_VERSIONS_TOPIC);
    }
}
