package org.outagepredictor.board;

import java.util.concurrent.CountDownLatch;
import org.apache.flink.configuration.Configuration;
import org.outagepredictor.config.JobArguments;

/**
 * The risk board: a small web service beside the job (not a Flink job) that reads the job's scores,
 * alerts and model versions from Kafka ({@link BoardFeed}), keeps the latest risk of every device
 * in memory ({@link DeviceRisks}), and serves a page and a JSON API of it ({@link BoardServer}) on
 * port 8088. docs/risk-board.md is the recipe; {@link BoardOptions} lists its options.
 *
 * <pre>{@code
 * java -cp target/outage-predictor-0.1.0-SNAPSHOT.jar:$(cat target/classpath-provided.txt) \
 *   org.outagepredictor.board.RiskBoard --kafka.bootstrap-servers 127.0.0.1:9092
 * }</pre>
 *
 * <p>It keeps no state of its own: a restart reads the topics again. Runs until killed; SIGTERM
 * stops the server and the consumer cleanly.
 */
public final class RiskBoard implements AutoCloseable {

    private final DeviceRisks risks;
    private final BoardFeed feed;
    private final BoardServer server;

    private RiskBoard(BoardOptions options) throws Exception {
        risks = new DeviceRisks(options.maxDevices, options.historyLength);
        feed = new BoardFeed(options, risks);
        try {
            server = new BoardServer(options.host, options.port, risks, feed::alive, feed::healthy);
        } catch (Exception e) {
            feed.close();
            throw e;
        }
        feed.start();
        server.start();
    }

    /** Starts the feed and the server. */
    public static RiskBoard start(Configuration config) throws Exception {
        return new RiskBoard(BoardOptions.from(config));
    }

    /** The port the server listens on (useful with {@code board.port} 0). */
    public int port() {
        return server.port();
    }

    public DeviceRisks risks() {
        return risks;
    }

    public BoardFeed feed() {
        return feed;
    }

    @Override
    public void close() {
        server.close();
        feed.close();
    }

    public static void main(String[] args) throws Exception {
        Configuration config = JobArguments.parse(args, BoardOptions.allOptions());
        RiskBoard board = start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    board.close();
                                    stopped.countDown();
                                },
                                "risk-board-stop"));
        stopped.await();
    }
}
