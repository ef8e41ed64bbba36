package org.outagepredictor.testutils;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;

/** MiniClusters for the integration tests that run the whole job as production runs it. */
public final class MiniClusters {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private MiniClusters() {}

    /**
     * One TaskManager with {@code slots} slots, RocksDB state and checkpoints every 2 s. The
     * MiniCluster's default managed memory would leave RocksDB a write buffer so small that it
     * flushes almost on every write, which makes a test ten times slower, so it gets 256 MB.
     */
    public static MiniClusterExtension rocksDbWithCheckpoints(int slots) {
        Configuration config = rocksDbConfiguration();
        config.setString("execution.checkpointing.interval", "2 s");
        return new MiniClusterExtension(
                new MiniClusterResourceConfiguration.Builder()
                        .setNumberTaskManagers(1)
                        .setNumberSlotsPerTaskManager(slots)
                        .setConfiguration(config)
                        .build());
    }

    /**
     * One TaskManager with {@code slots} slots and RocksDB state, restarting a failed job up to
     * {@code attempts} times after {@code delay} each: for the tests that make the job fail and
     * check what it does after its restarts.
     */
    public static MiniClusterExtension rocksDbWithRestarts(int slots, int attempts, String delay) {
        return new MiniClusterExtension(
                () -> {
                    Configuration config = rocksDbConfiguration();
                    config.setString("restart-strategy.type", "fixed-delay");
                    config.setString(
                            "restart-strategy.fixed-delay.attempts", String.valueOf(attempts));
                    config.setString("restart-strategy.fixed-delay.delay", delay);
                    return new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(slots)
                            .setConfiguration(config)
                            .build();
                });
    }

    /** One TaskManager with {@code slots} slots and Flink's defaults otherwise. */
    public static MiniClusterExtension oneTaskManager(int slots) {
        return new MiniClusterExtension(
                new MiniClusterResourceConfiguration.Builder()
                        .setNumberTaskManagers(1)
                        .setNumberSlotsPerTaskManager(slots)
                        .build());
    }

    /**
     * GET of a path of the MiniCluster's REST API (the dashboard's), such as {@code
     * /jobs/overview}, as JSON: what a test reads of a job the dashboard would show (its restarts,
     * exceptions, checkpoints).
     */
    public static JsonNode rest(MiniClusterExtension cluster, String path)
            throws IOException, InterruptedException {
        Configuration client = cluster.getClientConfiguration();
        return rest(
                URI.create(
                        "http://"
                                + client.get(RestOptions.ADDRESS)
                                + ":"
                                + client.get(RestOptions.PORT)),
                path);
    }

    /**
     * GET of a path of the REST API at {@code base} (a MiniCluster's own REST address), as JSON.
     */
    public static JsonNode rest(URI base, String path) throws IOException, InterruptedException {
        URI uri = URI.create(base.toString().replaceAll("/$", "") + path);
        HttpResponse<String> response =
                HTTP.send(
                        HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException(uri + " answered " + response.statusCode());
        }
        return JSON.readTree(response.body());
    }

    /** RocksDB state with 256 MB of managed memory, for clusters configured further by a test. */
    public static Configuration rocksDbConfiguration() {
        Configuration config = new Configuration();
        config.setString("state.backend.type", "rocksdb");
        config.setString("taskmanager.memory.managed.size", "256m");
        return config;
    }
}
