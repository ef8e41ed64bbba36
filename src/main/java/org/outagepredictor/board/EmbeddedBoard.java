package org.outagepredictor.board;

import java.io.IOException;
import java.util.function.BiConsumer;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.ReadableConfig;
import org.outagepredictor.alerting.Alert;
import org.outagepredictor.alerting.Score;
import org.outagepredictor.flinkcompat.VersionedSink;
import org.outagepredictor.model.ModelVersion;

/**
 * The risk board inside the embedded run's own JVM ({@code board.embedded}), so that the default
 * {@code scripts/run-local.sh}, which has no Kafka, shows the fleet on :8088 too: the job's sinks
 * hand their scores, alerts and model versions straight to the board's {@link DeviceRisks} instead
 * of a topic.
 *
 * <p>Only for a local environment, where the sinks run in the JVM that started the board: the sinks
 * find it in a static field. On a cluster the board is a service of its own that reads the job's
 * topics ({@link RiskBoard}).
 */
public final class EmbeddedBoard implements AutoCloseable {

    public static final ConfigOption<Boolean> ENABLED =
            ConfigOptions.key("board.embedded")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription(
                            "In an embedded run (job.local-conf-dir) on the simulator, serve the"
                                    + " risk board from the job's own JVM on board.host and"
                                    + " board.port, fed by the job directly rather than from"
                                    + " Kafka. scripts/run-local.sh turns it on.");

    private static volatile DeviceRisks risks;

    private final BoardServer server;

    private EmbeddedBoard(BoardServer server) {
        this.server = server;
    }

    /** Starts the board's server on {@code board.host} and {@code board.port}. */
    public static EmbeddedBoard start(ReadableConfig config) throws IOException {
        BoardOptions options = BoardOptions.from(config);
        DeviceRisks started = new DeviceRisks(options.maxDevices, options.historyLength);
        BoardServer server =
                new BoardServer(options.host, options.port, started, () -> true, () -> true);
        risks = started;
        server.start();
        return new EmbeddedBoard(server);
    }

    public int port() {
        return server.port();
    }

    /** The job's scores, to the board. */
    public static Sink<Score> scores() {
        return new ToBoard<>(DeviceRisks::onScore);
    }

    /** The job's alerts, to the board. */
    public static Sink<Alert> alerts() {
        return new ToBoard<>(DeviceRisks::onAlert);
    }

    /** The job's published model versions, to the board. */
    public static Sink<ModelVersion> modelVersions() {
        return new ToBoard<ModelVersion>(
                (board, version) ->
                        board.onModelVersion(
                                new DeviceRisks.ModelInfo(
                                        version.version,
                                        version.publishedAt,
                                        version.examplesTrained,
                                        version.trainedUntil,
                                        version.prAuc,
                                        version.logLoss,
                                        version.precision,
                                        version.recall)));
    }

    @Override
    public void close() {
        server.close();
        risks = null;
    }

    /** A sink that hands each record to the board of this JVM. */
    private static final class ToBoard<T> extends VersionedSink<T> {
        private static final long serialVersionUID = 1L;

        private final SerializableUpdate<T> update;

        ToBoard(SerializableUpdate<T> update) {
            this.update = update;
        }

        @Override
        public SinkWriter<T> createWriter(WriterInitContext context) {
            return new SinkWriter<>() {
                @Override
                public void write(T element, Context context) {
                    DeviceRisks board = risks;
                    if (board != null) {
                        update.accept(board, element);
                    }
                }

                @Override
                public void flush(boolean endOfInput) {}

                @Override
                public void close() {}
            };
        }
    }

    private interface SerializableUpdate<T>
            extends BiConsumer<DeviceRisks, T>, java.io.Serializable {}
}
