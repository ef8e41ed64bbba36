package org.outagepredictor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.outagepredictor.alerting.Alert;
import org.outagepredictor.alerting.AlertJson;
import org.outagepredictor.model.FtrlState;
import org.outagepredictor.model.ModelDirectory;

/**
 * The shaded job jar, as {@code flink run} gets it: its manifest names the entry class, Flink's own
 * classes are not inside (its Kafka connector's are), and its entry class starts and runs the job
 * to the end on a bounded simulator when given Flink's jars on the classpath (as a cluster does).
 */
class PredictionJobJarITCase {

    private static final Path JOB_JAR = Path.of("target/outage-predictor-0.1.0-SNAPSHOT.jar");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void jarNamesTheEntryClassAndLeavesFlinkOut() throws Exception {
        try (JarFile jar = new JarFile(JOB_JAR.toFile())) {
            assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class"))
                    .isEqualTo(PredictionJob.class.getName());
            assertThat(jar.getEntry("org/outagepredictor/PredictionJob.class")).isNotNull();
            assertThat(jar.getEntry("models/initial-model.bin")).isNotNull();
            assertThat(
                            jar.getEntry(
                                    "org/apache/flink/ml/classification/logisticregression/LogisticRegressionModelData.class"))
                    .isNotNull();
            // Connectors are not part of a Flink distribution: the job brings the Kafka connector,
            // the connector base it builds on and the Kafka client.
            assertThat(jar.getEntry("org/apache/flink/connector/kafka/source/KafkaSource.class"))
                    .isNotNull();
            assertThat(jar.getEntry("org/apache/flink/connector/base/DeliveryGuarantee.class"))
                    .isNotNull();
            assertThat(jar.getEntry("org/apache/kafka/clients/producer/KafkaProducer.class"))
                    .isNotNull();
            assertThat(
                            jar.getEntry(
                                    "org/apache/flink/streaming/api/environment/StreamExecutionEnvironment.class"))
                    .isNull();
            assertThat(jar.getEntry("org/apache/flink/runtime/jobgraph/JobGraph.class")).isNull();
            // Flink loads org.apache.flink classes parent-first: a copy in the jar is dead weight
            // at best, and a split package at worst.
            assertThat(
                            jar.getEntry(
                                    "org/apache/flink/connector/datagen/source/DataGeneratorSource.class"))
                    .isNull();
        }
    }

    @Test
    void entryClassRunsTheJobInAnEmbeddedFlink(@TempDir Path dir) throws Exception {
        Path conf = flinkConf(dir);
        Path alerts = dir.resolve("alerts.jsonl");
        List<String> command = javaCommand();
        command.addAll(
                List.of(
                        "-cp",
                        JOB_JAR + File.pathSeparator + flinkClasspath(),
                        PredictionJob.class.getName(),
                        "--job.local-conf-dir",
                        conf.toString()));
        command.addAll(simulatorRun(alerts, dir.resolve("models")));
        runToTheEnd(command, Map.of(), dir.resolve("job.log"));
        assertAlertsWritten(alerts, dir.resolve("models"));
    }

    /**
     * The embedded run on the simulator serves the risk board from its own JVM ({@code
     * board.embedded}, as {@code scripts/run-local.sh} starts it): while the job runs, the board's
     * API lists the simulated devices with their risk, and open alerts appear.
     */
    @Test
    void theEmbeddedRunServesTheRiskBoard(@TempDir Path dir) throws Exception {
        Path conf = flinkConf(dir);
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        List<String> command = javaCommand();
        command.addAll(
                List.of(
                        "-cp",
                        JOB_JAR + File.pathSeparator + flinkClasspath(),
                        PredictionJob.class.getName(),
                        "--job.local-conf-dir",
                        conf.toString(),
                        "--board.embedded",
                        "true",
                        "--board.port",
                        String.valueOf(port),
                        "--simulator.events-per-second",
                        "20000"));
        command.addAll(simulatorRun(dir.resolve("alerts.jsonl"), dir.resolve("models")));
        Process process =
                new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(dir.resolve("job.log").toFile())
                        .start();
        try {
            HttpClient http = HttpClient.newHttpClient();
            JsonNode devices = null;
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (System.nanoTime() < deadline && process.isAlive()) {
                try {
                    devices =
                            JSON.readTree(
                                    http.send(
                                                    HttpRequest.newBuilder(
                                                                    URI.create(
                                                                            "http://127.0.0.1:"
                                                                                    + port
                                                                                    + "/api/devices?top=500"))
                                                            .build(),
                                                    HttpResponse.BodyHandlers.ofString())
                                            .body());
                    if (devices.path("total").asInt() >= 200
                            && devices.path("openAlerts").asInt() > 0) {
                        break;
                    }
                } catch (IOException notYetListening) {
                    // The board starts with the job; try again.
                }
                Thread.sleep(500);
            }
            assertThat(devices).as("the board answered; log:%n%s", log(dir)).isNotNull();
            assertThat(devices.path("total").asInt()).as("devices on the board").isEqualTo(200);
            assertThat(devices.path("openAlerts").asInt()).as("open alerts").isPositive();
            assertThat(devices.path("devices").get(0).path("risk").asDouble()).isPositive();
        } finally {
            process.destroyForcibly().waitFor();
        }
    }

    private static String log(Path dir) throws IOException {
        return Files.readString(dir.resolve("job.log"));
    }

    /**
     * {@code flink run} itself (Flink's CLI, with the local execution target): the jar goes into
     * Flink's child-first user-code class loader, as on a cluster, with only Flink's own jars on
     * the parent classpath.
     */
    @Test
    void flinkRunAcceptsTheJar(@TempDir Path dir) throws Exception {
        Path conf = flinkConf(dir);
        Path alerts = dir.resolve("alerts.jsonl");
        List<String> command = javaCommand();
        command.addAll(
                List.of(
                        "-cp",
                        flinkClasspath(),
                        "org.apache.flink.client.cli.CliFrontend",
                        "run",
                        "-t",
                        "local",
                        "-p",
                        "2",
                        JOB_JAR.toString()));
        command.addAll(simulatorRun(alerts, dir.resolve("models")));
        runToTheEnd(command, Map.of("FLINK_CONF_DIR", conf.toString()), dir.resolve("cli.log"));
        assertAlertsWritten(alerts, dir.resolve("models"));
    }

    /**
     * A short, bounded simulator run with a short warm-up, so that alerts come, publishing model
     * versions into {@code models}.
     */
    private static List<String> simulatorRun(Path alerts, Path models) {
        return List.of(
                "--model.directory",
                models.toString(),
                "--trainer.publish-every",
                "100",
                "--simulator.devices",
                "200",
                "--simulator.max-events",
                "300000",
                "--features.warmup",
                "10 min",
                "--alerts.print",
                "false",
                "--alerts.output-file",
                alerts.toString());
    }

    private static Path flinkConf(Path dir) throws IOException {
        Path conf = Files.createDirectories(dir.resolve("conf"));
        Files.writeString(
                conf.resolve("config.yaml"),
                String.join(
                        "\n",
                        "rest.address: 127.0.0.1",
                        "rest.bind-address: 127.0.0.1",
                        "rest.port: 0",
                        "parallelism.default: 2",
                        "taskmanager.numberOfTaskSlots: 2",
                        "taskmanager.memory.managed.size: 256m",
                        "state.backend.type: rocksdb",
                        "execution.checkpointing.interval: 2 s",
                        "execution.checkpointing.dir: " + dir.resolve("checkpoints").toUri(),
                        ""));
        return conf;
    }

    private static List<String> javaCommand() {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String flag : System.getProperty("job.jvm.flags", "").split(" ")) {
            if (!flag.isEmpty()) {
                command.add(flag);
            }
        }
        return command;
    }

    private static void runToTheEnd(List<String> command, Map<String, String> env, Path log)
            throws Exception {
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        Process process = builder.start();
        boolean finished = process.waitFor(3, TimeUnit.MINUTES);
        if (!finished) {
            process.destroyForcibly().waitFor();
        }
        String output = Files.readString(log);
        assertThat(finished).as("job finished within 3 minutes; output:%n%s", output).isTrue();
        assertThat(process.exitValue()).as("exit code; output:%n%s", output).isZero();
    }

    /**
     * Alerts were written, each scored by the shipped model (version 1) or by a version the trainer
     * published into {@code models} while the job ran.
     */
    private static void assertAlertsWritten(Path alerts, Path models) throws IOException {
        List<String> lines = Files.readAllLines(alerts);
        assertThat(lines).as("alerts written").isNotEmpty();
        ModelDirectory directory = new ModelDirectory(models);
        for (String line : lines) {
            Alert alert = AlertJson.fromJson(line);
            assertThat(alert.dedupKey).startsWith("outage-predictor:" + alert.deviceId + ":");
            if (alert.modelVersion != 1L) {
                assertThat(directory.fileOf(alert.modelVersion)).exists();
                assertThat(FtrlState.besideModel(directory.fileOf(alert.modelVersion))).exists();
            }
        }
        assertThat(Files.readAllLines(models.resolve("training-reports.jsonl")))
                .as("training reports")
                .isNotEmpty();
        assertThat(lines).anyMatch(line -> line.contains("\"status\":\"TRIGGER\""));
    }

    /** Flink's own jars, as a cluster has them (written by the build; see pom.xml). */
    private static String flinkClasspath() throws IOException {
        return Files.readString(Path.of("target/classpath-provided.txt")).trim();
    }
}
