package org.outagepredictor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded job jar, as {@code flink run} gets it: its manifest names the entry class, Flink's own
 * classes are not inside, and its entry class starts and runs the job to the end on a bounded
 * simulator when given Flink's jars on the classpath (as a cluster does).
 */
class PredictionJobJarITCase {

    private static final Path JOB_JAR = Path.of("target/outage-predictor-0.1.0-SNAPSHOT.jar");

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
            assertThat(
                            jar.getEntry(
                                    "org/apache/flink/streaming/api/environment/StreamExecutionEnvironment.class"))
                    .isNull();
            assertThat(jar.getEntry("org/apache/flink/runtime/jobgraph/JobGraph.class")).isNull();
        }
    }

    @Test
    void entryClassRunsTheJobOnTheSimulator(@TempDir Path dir) throws Exception {
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
                        "state.backend.type: rocksdb",
                        "execution.checkpointing.interval: 2 s",
                        "execution.checkpointing.dir: " + dir.resolve("checkpoints").toUri(),
                        ""));
        Path alerts = dir.resolve("alerts.jsonl");
        Path log = dir.resolve("job.log");

        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(Arrays.asList(System.getProperty("job.jvm.flags", "").split(" ")));
        command.removeIf(String::isEmpty);
        command.addAll(
                List.of(
                        "-cp",
                        JOB_JAR + File.pathSeparator + flinkClasspath(),
                        PredictionJob.class.getName(),
                        "--job.local-conf-dir",
                        conf.toString(),
                        "--simulator.devices",
                        "200",
                        "--simulator.max-events",
                        "100000",
                        "--alerts.output-file",
                        alerts.toString()));
        Process process =
                new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
        boolean finished = process.waitFor(3, TimeUnit.MINUTES);
        if (!finished) {
            process.destroyForcibly();
        }
        String output = Files.readString(log);
        assertThat(finished).as("job finished within 3 minutes; output:%n%s", output).isTrue();
        assertThat(process.exitValue()).as("exit code; output:%n%s", output).isZero();
        assertThat(alerts).exists();
        for (String line : Files.readAllLines(alerts)) {
            assertThat(line).startsWith("{").contains("\"dedupKey\"").contains("\"modelVersion\"");
        }
    }

    /** This JVM's classpath without the project's own classes: Flink and the test libraries. */
    private static String flinkClasspath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(
                        entry ->
                                !entry.endsWith("target/classes")
                                        && !entry.endsWith("target/test-classes"))
                .collect(Collectors.joining(File.pathSeparator));
    }
}
