package org.outagepredictor.testutils;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.flink.util.FileUtils;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Flink session cluster for one test class: a JobManager and TaskManagers as JVMs of their
 * own, started and stopped by scripts/flink-local-cluster.sh (the configuration in config/cluster
 * and the Flink jars of Maven's provided scope, as a local run has them) on free 127.0.0.1 ports,
 * with logs, checkpoints and savepoints in a temporary directory. Jobs go in with
 * scripts/submit.sh, as an operator's do.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final FlinkClusterExtension CLUSTER =
 *         new FlinkClusterExtension(2, "taskmanager.numberOfTaskSlots: 1");
 * ... CLUSTER.submit("jobs/prediction.yaml") ... CLUSTER.rest("/jobs/overview") ...
 * }</pre>
 *
 * <p>The cluster cannot outlive the test JVM: a shutdown hook stops it if the JVM exits before
 * {@code afterAll}, and the script's watcher (FLINK_WATCH_PID) stops it when the JVM is gone,
 * killed included. The processes' logs are copied to target/flink-cluster-logs/ before the
 * directory is deleted, for the failures that need them.
 *
 * <p>Known limits: needs bash, ps, curl and jq (Linux); the Prometheus port range is checked free
 * when the cluster starts, but another process may take a port of it meanwhile (then a TaskManager
 * takes the next one of the range).
 */
public final class FlinkClusterExtension implements BeforeAllCallback, AfterAllCallback {

    private static final Logger LOG = LoggerFactory.getLogger(FlinkClusterExtension.class);

    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration RUNNING_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration CHECKPOINT_TIMEOUT = Duration.ofMinutes(2);

    /** Prometheus ports per cluster: one per process, with room for TaskManagers added later. */
    private static final int PROMETHEUS_PORTS = 10;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final int taskManagers;
    private final String properties;
    private final HttpClient http = HttpClient.newHttpClient();

    private Path dir;
    private int restPort;
    private int rpcPort;
    private int prometheusBase;
    private String flinkClasspath;
    private Thread shutdownHook;
    private String testClass = "cluster";

    /**
     * @param taskManagers TaskManagers to start
     * @param properties Flink settings over config/cluster/config.yaml, each "key: value"
     */
    public FlinkClusterExtension(int taskManagers, String... properties) {
        this.taskManagers = taskManagers;
        this.properties = String.join("\n", properties);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        testClass = context.getRequiredTestClass().getSimpleName();
        dir = Files.createTempDirectory("flink-cluster-");
        flinkClasspath = Files.readString(Path.of("target/classpath-provided.txt")).trim();
        restPort = Scripts.freePort();
        do {
            rpcPort = Scripts.freePort();
        } while (rpcPort == restPort);
        prometheusBase = freePortRange(PROMETHEUS_PORTS);
        shutdownHook = new Thread(this::stopQuietly, "flink-cluster-stop");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        String started =
                Scripts.startOrCleanUp(
                        () -> cluster("start", "--taskmanagers", String.valueOf(taskManagers)),
                        () -> {
                            afterAll(context);
                            return null;
                        });
        LOG.info("Flink cluster for {}: {}", context.getDisplayName(), started.trim());
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        try {
            LOG.info("{}", cluster("stop").trim());
        } finally {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
            keepLogs();
            FileUtils.deleteDirectory(dir.toFile());
        }
    }

    /** The JobManager's REST address, {@code 127.0.0.1:<port>}. */
    public String restAddress() {
        return "127.0.0.1:" + restPort;
    }

    /** The ports the cluster's Prometheus reporters may serve on (one per process). */
    public List<Integer> prometheusPorts() {
        return IntStream.range(prometheusBase, prometheusBase + PROMETHEUS_PORTS).boxed().toList();
    }

    /** Runs scripts/flink-local-cluster.sh with this cluster's settings; returns its output. */
    public String cluster(String... arguments) throws IOException, InterruptedException {
        Map<String, String> env = new HashMap<>();
        env.put("FLINK_CLUSTER_DIR", dir.toString());
        env.put("FLINK_REST_PORT", String.valueOf(restPort));
        env.put("FLINK_RPC_PORT", String.valueOf(rpcPort));
        env.put("FLINK_PROM_PORTS", prometheusBase + "-" + (prometheusBase + PROMETHEUS_PORTS - 1));
        env.put("FLINK_PROPERTIES", properties);
        env.put("FLINK_WATCH_PID", String.valueOf(ProcessHandle.current().pid()));
        env.put("FLINK_CLASSPATH", flinkClasspath);
        env.put("FLINK_START_TIMEOUT", String.valueOf(START_TIMEOUT.toSeconds()));
        return Scripts.run("flink-local-cluster.sh", Arrays.asList(arguments), env, START_TIMEOUT);
    }

    /** Runs scripts/submit.sh against this cluster's JobManager; returns its output. */
    public String submit(String... arguments) throws IOException, InterruptedException {
        return Scripts.run(
                "submit.sh",
                Arrays.asList(arguments),
                Map.of("FLINK_JOBMANAGER", restAddress(), "FLINK_CLASSPATH", flinkClasspath),
                COMMAND_TIMEOUT);
    }

    /** GET of a REST API path such as {@code /jobs/overview}, as JSON. */
    public JsonNode rest(String path) throws IOException, InterruptedException {
        return JSON.readTree(get(URI.create("http://" + restAddress() + path)));
    }

    /** The job id that submit.sh printed ({@code job-id: <id>}). */
    public static String jobIdIn(String submitOutput) {
        Matcher id = Pattern.compile("(?m)^job-id: ([0-9a-f]{32})$").matcher(submitOutput);
        if (!id.find()) {
            throw new AssertionError("No job id in:\n" + submitOutput);
        }
        return id.group(1);
    }

    /**
     * Whether a job's details ({@code /jobs/<id>}) show it and every one of its vertices RUNNING.
     */
    public static boolean allRunning(JsonNode job) {
        if (!job.path("state").asText().equals("RUNNING")) {
            return false;
        }
        for (JsonNode vertex : job.path("vertices")) {
            if (!vertex.path("status").asText().equals("RUNNING")) {
                return false;
            }
        }
        return true;
    }

    /** Waits until the job and every one of its vertices are RUNNING; returns the job's details. */
    public JsonNode awaitAllRunning(String id) throws Exception {
        return Await.until(
                "job " + id + " and all its tasks RUNNING",
                RUNNING_TIMEOUT,
                () -> rest("/jobs/" + id),
                FlinkClusterExtension::allRunning);
    }

    /** Waits for a completed checkpoint with an id above {@code after}; returns its id. */
    public long awaitCheckpointAfter(String id, long after) throws Exception {
        return Await.until(
                        "a checkpoint of job " + id + " after " + after,
                        CHECKPOINT_TIMEOUT,
                        () -> rest("/jobs/" + id + "/checkpoints"),
                        checkpoints ->
                                checkpoints.path("latest").path("completed").path("id").asLong(-1)
                                        > after)
                .path("latest")
                .path("completed")
                .path("id")
                .asLong();
    }

    /** The ids of the TaskManagers that run the subtasks of the job's vertex of that name. */
    public List<String> taskManagersOf(String id, String vertexName) throws Exception {
        List<String> taskManagers = new ArrayList<>();
        rest("/jobs/"
                        + id
                        + "/vertices/"
                        + vertex(rest("/jobs/" + id), vertexName).get("id").asText()
                        + "/taskmanagers")
                .path("taskmanagers")
                .forEach(tm -> taskManagers.add(tm.path("taskmanager-id").asText()));
        return taskManagers;
    }

    /** The parallelism of the job's vertex whose name contains {@code vertexName}. */
    public static int parallelismOf(JsonNode job, String vertexName) {
        return vertex(job, vertexName).path("parallelism").asInt();
    }

    /** The job's vertex whose name contains {@code vertexName} (an operator chain's name does). */
    public static JsonNode vertex(JsonNode job, String vertexName) {
        for (JsonNode vertex : job.path("vertices")) {
            if (vertex.path("name").asText().contains(vertexName)) {
                return vertex;
            }
        }
        throw new AssertionError("No vertex named " + vertexName + " in " + job);
    }

    /**
     * Everything the cluster's Prometheus reporters serve now, one text per process that answers.
     */
    public List<String> scrapePrometheus() throws InterruptedException {
        List<String> texts = new ArrayList<>();
        for (int port : prometheusPorts()) {
            try {
                texts.add(get(URI.create("http://127.0.0.1:" + port + "/metrics")));
            } catch (IOException nobodyOnThisPort) {
                // Ports of the range that no process took.
            }
        }
        return texts;
    }

    private String get(URI uri) throws IOException, InterruptedException {
        HttpResponse<String> response =
                http.send(
                        HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException(
                    uri + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    private void keepLogs() {
        Path logs = dir.resolve("log");
        if (!Files.isDirectory(logs)) {
            return;
        }
        try {
            Path target = Path.of("target", "flink-cluster-logs", testClass);
            FileUtils.deleteDirectory(target.toFile());
            Files.createDirectories(target);
            try (Stream<Path> files = Files.list(logs)) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    Files.copy(file, target.resolve(file.getFileName()));
                }
            }
        } catch (IOException e) {
            LOG.warn("Could not keep the cluster's logs from {}", logs, e);
        }
    }

    private void stopQuietly() {
        try {
            cluster("stop");
        } catch (Exception e) {
            LOG.warn("Could not stop the Flink cluster in {}", dir, e);
        }
    }

    /** The first of {@code count} consecutive ports on 127.0.0.1 that are all free now. */
    private static int freePortRange(int count) throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int base = Scripts.freePort();
            if (base + count > 65535) {
                continue;
            }
            boolean free = true;
            for (int port = base + 1; port < base + count && free; port++) {
                try (ServerSocket socket =
                        new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                    free = socket.getLocalPort() == port;
                } catch (IOException taken) {
                    free = false;
                }
            }
            if (free) {
                return base;
            }
        }
        throw new IOException("Found no " + count + " free consecutive ports on 127.0.0.1");
    }
}
