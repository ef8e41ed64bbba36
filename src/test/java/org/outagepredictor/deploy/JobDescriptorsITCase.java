package org.outagepredictor.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.outagepredictor.testutils.Scripts;

/**
 * Every descriptor in jobs/ as scripts/submit.sh reads it (--dry-run: the command it would run):
 * its entry class is in the job jar, and its parallelism, checkpoint policy and savepoint restore
 * become the matching {@code flink run} options. FlinkClusterITCase runs the prediction job's for
 * real.
 */
class JobDescriptorsITCase {

    private static final Path JOB_JAR = Path.of("target/outage-predictor-0.1.0-SNAPSHOT.jar");
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    @Test
    void everyDescriptorNamesAClassOfTheJobJar() throws Exception {
        List<Path> descriptors;
        try (Stream<Path> files = Files.list(Path.of("jobs"))) {
            descriptors = files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
        }
        assertThat(descriptors).hasSize(5);
        try (JarFile jar = new JarFile(JOB_JAR.toFile())) {
            for (Path descriptor : descriptors) {
                String command = dryRun(descriptor.toString());
                String entryClass =
                        command.contains("flink run")
                                ? command.replaceAll("(?s).* -c (\\S+) .*", "$1")
                                : command.replaceAll("(?s).*\\.jar:\\S+ (\\S+) .*", "$1");
                assertThat(jar.getEntry(entryClass.replace('.', '/') + ".class"))
                        .as("%s: %s in the job jar", descriptor, entryClass)
                        .isNotNull();
                assertThat(command).contains(JOB_JAR.toString());
            }
        }
    }

    @Test
    void thePredictionJobsPolicyBecomesFlinkRunOptions() throws Exception {
        String command =
                dryRun(
                        "jobs/prediction.yaml",
                        "--savepoint",
                        "file:/savepoints/savepoint-1",
                        "--parallelism",
                        "4",
                        "--",
                        "--job.input",
                        "kafka");
        assertThat(command)
                .startsWith("flink run -d -m 127.0.0.1:8081 -c org.outagepredictor.PredictionJob ")
                .contains(" -p 4 ")
                .contains(" -s file:/savepoints/savepoint-1 -rm no_claim ")
                .doesNotContain(" -n ")
                .contains(" -Dexecution.checkpointing.interval=10\\ s ")
                .contains(" -Dexecution.checkpointing.mode=EXACTLY_ONCE ")
                .contains(" -Dexecution.checkpointing.incremental=true ")
                .endsWith(" --config config/prediction-job.properties --job.input kafka\n");
        assertThat(dryRun("jobs/prediction.yaml")).contains(" -p 2 ").doesNotContain(" -s ");
    }

    @Test
    void aProgramRunsWithJavaNotFlinkRun() throws Exception {
        assertThat(dryRun("jobs/replay.yaml"))
                .doesNotContain("flink run")
                .contains(" org.outagepredictor.ingest.Replay --kafka.bootstrap-servers ");
        assertThatThrownBy(() -> submit("--stop", "jobs/replay.yaml"))
                .hasMessageContaining("is a program, not a Flink job");
    }

    @Test
    void aMisspeltKeyFailsBeforeAnythingIsSubmitted(@TempDir Path dir) throws Exception {
        Path descriptor = dir.resolve("typo.yaml");
        Files.writeString(
                descriptor,
                String.join(
                        "\n",
                        "kind: flink-job",
                        "entry-class: org.outagepredictor.PredictionJob",
                        "jar: " + JOB_JAR,
                        "checkpointing:",
                        "  intervall: 10 s",
                        ""));
        assertThatThrownBy(() -> dryRun(descriptor.toString()))
                .hasMessageContaining("unknown key 'intervall'");
    }

    private static String dryRun(String... arguments) throws Exception {
        String[] withDryRun =
                Stream.concat(Stream.of("--dry-run"), Stream.of(arguments)).toArray(String[]::new);
        return submit(withDryRun);
    }

    private static String submit(String... arguments) throws IOException, InterruptedException {
        return Scripts.run(
                "submit.sh",
                List.of(arguments),
                Map.of(
                        "FLINK_CLASSPATH",
                        Files.readString(Path.of("target/classpath-provided.txt")).trim(),
                        "FLINK_JOBMANAGER",
                        "127.0.0.1:8081"),
                TIMEOUT);
    }
}
