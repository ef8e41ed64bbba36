package org.outagepredictor.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobID;
import org.apache.flink.client.program.ClusterClient;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectClusterClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.outagepredictor.Operators;
import org.outagepredictor.alerting.AlertState;
import org.outagepredictor.event.ChangeRef;
import org.outagepredictor.features.DeviceState;
import org.outagepredictor.features.PendingExamples;
import org.outagepredictor.ingest.KafkaOptions;
import org.outagepredictor.model.TrainerOptions;
import org.outagepredictor.model.TrainerState;
import org.outagepredictor.testutils.Await;
import org.outagepredictor.testutils.FlinkClusterExtension;
import org.outagepredictor.testutils.KafkaBrokerExtension;
import org.outagepredictor.testutils.MiniClusters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An upgrade as Flink's own savepoint-compatibility tests make one: a savepoint that an older build
 * of the job wrote is part of the test sources ({@value #SAVEPOINT}, written by {@link
 * UpgradeSavepointWriter} through scripts/upgrade-savepoint.sh; its README names the commit), and
 * the current build must take it over, without {@code allowNonRestoredState}, at parallelism
 * {@value #NEW_PARALLELISM} instead of the old {@value UpgradeSavepointWriter#OLD_PARALLELISM}.
 * Since that build, the job gained an operator (Scores to Kafka) and state fields ({@code
 * DeviceState.lastOutageTime} and {@code lastOutageId}, five fields of {@code AlertState}, two of
 * the {@code ChangeRef}s in the device state, six of {@code TrainerState}).
 *
 * <p>The state is intact when, field by field ({@link SavepointStates}), the current build reads
 * the old savepoint as the old build read it; the job restored from it at the new parallelism runs,
 * checkpoints and, stopped again with a savepoint, holds exactly that state, with the added fields
 * at their initial values (the trainer window's snapshot times at 0); and restored from that, it
 * goes on with the fleet's next events, its new operator writing scores, with restarts switched off
 * so that any failure fails the test.
 */
class UpgradeITCase {

    private static final String WINDOW_SNAPSHOT_TIME = "trainer trainer-state.windowSnapshotTime";

    private static final Logger LOG = LoggerFactory.getLogger(UpgradeITCase.class);

    static final String SAVEPOINT = "savepoints/cd719ca-parallelism-2";
    private static final int NEW_PARALLELISM = 3;
    private static final int EVENTS_AFTER = 30_000;

    @RegisterExtension
    @Order(1)
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @RegisterExtension
    @Order(2)
    static final MiniClusterExtension CLUSTER =
            MiniClusters.rocksDbWithRestarts(NEW_PARALLELISM, 0, "1 s");

    @Test
    void theCurrentBuildTakesOverTheOldBuildsSavepointAtAnotherParallelismWithItsStateIntact(
            @InjectClusterClient ClusterClient<?> client, @TempDir Path savepoints)
            throws Exception {
        Path old = Path.of(UpgradeITCase.class.getResource("/" + SAVEPOINT).toURI());
        SortedMap<String, String> oldView = readStateFile(old);
        for (Map.Entry<String, Integer> topic : UpgradeSavepointWriter.topics().entrySet()) {
            KAFKA.createTopic(topic.getKey(), topic.getValue());
        }
        // The same records as the old run read, so its offsets are the ends of the partitions.
        KAFKA.produceFleet(
                UpgradeSavepointWriter.EVENTS_TOPIC,
                UpgradeSavepointWriter.DEVICES,
                UpgradeSavepointWriter.SEED,
                UpgradeSavepointWriter.EVENTS_BEFORE);
        Configuration options = UpgradeSavepointWriter.jobOptions(KAFKA.bootstrapServers());

        SortedMap<String, String> read = SavepointStates.read(old.toUri().toString());
        assertThat(read).as("the old savepoint read by this build").containsAllEntriesOf(oldView);
        TreeSet<String> added = new TreeSet<>();
        read.keySet().stream()
                .filter(field -> !oldView.containsKey(field))
                .forEach(field -> added.add(shape(field)));

        String restored =
                runFromSavepoint(client, old.toUri().toString(), options, savepoints, () -> {});
        SortedMap<String, String> after = SavepointStates.read(restored);
        // Waiting snapshots' features are stored as floats since the compact state serializers;
        // restoring the old build's doubles rewrites them so.
        // The trainer's window had no snapshot times before; restored, they are 0 (1970), so
        // that every restored example's label counts as come.
        SortedMap<String, String> expected = withPendingValuesAsFloats(read);
        expected.put(
                WINDOW_SNAPSHOT_TIME,
                Arrays.toString(new long[TrainerOptions.from(options).evaluationWindow]));
        assertThat(after)
                .as("the state after the upgrade and rescaling, stopped again at once")
                .isEqualTo(expected);
        Map<String, String> initial = initialValues();
        for (Map.Entry<String, String> field : after.entrySet()) {
            if (!oldView.containsKey(field.getKey())
                    && !field.getKey().equals(WINDOW_SNAPSHOT_TIME)) {
                assertThat(field.getValue())
                        .as("added field %s, restored from the old build's state", field.getKey())
                        .isEqualTo(initial.get(shape(field.getKey())));
            }
        }

        runFromSavepoint(
                client,
                restored,
                options,
                savepoints,
                () -> {
                    KAFKA.produceFleet(
                            UpgradeSavepointWriter.EVENTS_TOPIC,
                            UpgradeSavepointWriter.DEVICES,
                            UpgradeSavepointWriter.SEED,
                            UpgradeSavepointWriter.EVENTS_BEFORE,
                            EVENTS_AFTER);
                    UpgradeSavepointWriter.awaitCommittedToTheEnd(KAFKA.bootstrapServers());
                });
        int alerts = KAFKA.committedAlerts(options.get(KafkaOptions.ALERTS_TOPIC)).size();
        int scores = 0;
        for (ConsumerRecord<byte[], byte[]> score :
                KAFKA.readCommitted(options.get(KafkaOptions.SCORES_TOPIC))) {
            assertThat(new String(score.key(), StandardCharsets.UTF_8))
                    .as("a scored device of the fleet")
                    .isIn(devices(read));
            scores++;
        }
        LOG.info(
                "Figures: savepoint of {} (parallelism {}, {} devices, {} events, {} KB) restored"
                        + " by this build at parallelism {} without allowNonRestoredState: {} of"
                        + " {} state fields as the old build read them, the same after the"
                        + " restore (waiting snapshots' features as floats); {} added fields at their initial values ({}); then {} more"
                        + " events: {} scores from the added operator, {} alerts, no restart",
                SAVEPOINT,
                UpgradeSavepointWriter.OLD_PARALLELISM,
                devices(read).size(),
                UpgradeSavepointWriter.EVENTS_BEFORE,
                Files.size(old.resolve("_metadata")) / 1024,
                NEW_PARALLELISM,
                oldView.size(),
                read.size(),
                read.size() - oldView.size(),
                added,
                EVENTS_AFTER - UpgradeSavepointWriter.EVENTS_BEFORE,
                scores,
                alerts);
        assertThat(added)
                .as("the fields this build added since the old one")
                .contains(
                        "device-state.lastOutageTime",
                        "device-state.lastOutageId",
                        "device-state.recentChanges.windowEnd");
        assertThat(scores).as("scores written by the operator the old build lacked").isPositive();
    }

    /** {@code fields} with the waiting snapshots' feature values rounded to float precision. */
    private static SortedMap<String, String> withPendingValuesAsFloats(
            SortedMap<String, String> fields) {
        SortedMap<String, String> rounded = new TreeMap<>(fields);
        rounded.replaceAll(
                (field, value) ->
                        field.contains(" pending-examples.values[")
                                ? Arrays.stream(value.substring(1, value.length() - 1).split(", "))
                                        .map(v -> String.valueOf((double) Float.parseFloat(v)))
                                        .collect(Collectors.joining(", ", "[", "]"))
                                : value);
        return rounded;
    }

    /** What a test does while the job runs. */
    private interface Step {
        void run() throws Exception;
    }

    /**
     * Runs the job from {@code savepoint} until it runs, has restored it and has checkpointed, does
     * {@code meanwhile}, and stops it with a savepoint; returns that one's path.
     */
    private static String runFromSavepoint(
            ClusterClient<?> client,
            String savepoint,
            Configuration options,
            Path savepoints,
            Step meanwhile)
            throws Exception {
        Configuration flink = new Configuration();
        flink.setString("execution.savepoint.path", savepoint);
        flink.setString("execution.savepoint.ignore-unclaimed-state", "false");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flink);
        env.setParallelism(NEW_PARALLELISM);
        env.enableCheckpointing(500);
        CompletableFuture<Void> run = UpgradeSavepointWriter.start(options, env);
        String id =
                Await.until(
                        "the restored job",
                        Duration.ofMinutes(2),
                        () -> {
                            assertThat(run).as("the restored job").isNotDone();
                            for (JsonNode job :
                                    MiniClusters.rest(CLUSTER, "/jobs/overview").path("jobs")) {
                                if (job.path("name").asText().equals("Outage predictor")
                                        && job.path("state").asText().equals("RUNNING")) {
                                    return job.path("jid").asText();
                                }
                            }
                            return null;
                        },
                        found -> found != null);
        JsonNode job =
                Await.until(
                        "the restored job RUNNING",
                        Duration.ofMinutes(2),
                        () -> MiniClusters.rest(CLUSTER, "/jobs/" + id),
                        FlinkClusterExtension::allRunning);
        assertThat(FlinkClusterExtension.parallelismOf(job, Operators.DEVICE_FEATURES.displayName))
                .isEqualTo(NEW_PARALLELISM);
        FlinkClusterExtension.vertex(job, Operators.KAFKA_SCORE_OUTPUT.displayName);
        JsonNode checkpoints =
                Await.until(
                        "a checkpoint of the restored job",
                        Duration.ofMinutes(2),
                        () -> MiniClusters.rest(CLUSTER, "/jobs/" + id + "/checkpoints"),
                        c -> c.path("counts").path("completed").asLong() > 0);
        assertThat(checkpoints.path("latest").path("restored").path("is_savepoint").asBoolean())
                .isTrue();
        assertThat(checkpoints.path("latest").path("restored").path("external_path").asText())
                .endsWith(savepoint.replaceAll("/$", "").replaceAll(".*/", ""));
        meanwhile.run();
        String stopped =
                client.stopWithSavepoint(
                                JobID.fromHexString(id),
                                false,
                                savepoints.toUri().toString(),
                                SavepointFormatType.CANONICAL)
                        .get(2, TimeUnit.MINUTES);
        run.get(2, TimeUnit.MINUTES);
        return stopped;
    }

    /** {@value UpgradeSavepointWriter#STATE_FILE} of a savepoint: field, tab, value per line. */
    static SortedMap<String, String> readStateFile(Path savepoint) throws Exception {
        SortedMap<String, String> fields = new TreeMap<>();
        for (String line :
                Files.readAllLines(savepoint.resolve(UpgradeSavepointWriter.STATE_FILE))) {
            int tab = line.indexOf('\t');
            fields.put(line.substring(0, tab), line.substring(tab + 1));
        }
        return fields;
    }

    /** A field's name without its key and array indices: {@code device-state.recentChanges.id}. */
    private static String shape(String field) {
        return field.substring(field.indexOf(' ') + 1).replaceAll("\\[\\d+]", "");
    }

    /** The devices of a state listing. */
    private static TreeSet<String> devices(SortedMap<String, String> fields) {
        TreeSet<String> devices = new TreeSet<>();
        fields.keySet().stream()
                .filter(field -> field.contains(" device-state."))
                .forEach(field -> devices.add(field.substring(0, field.indexOf(' '))));
        return devices;
    }

    /** Every field's value in a new instance of its class, by {@link #shape}. */
    private static Map<String, String> initialValues() {
        DeviceState device = new DeviceState();
        device.recentChanges = new ChangeRef[] {new ChangeRef()};
        SortedMap<String, String> flat = new TreeMap<>();
        SavepointStates.flatten("- device-state", device, flat);
        SavepointStates.flatten("- pending-examples", new PendingExamples(), flat);
        SavepointStates.flatten("- alert-state", new AlertState(), flat);
        SavepointStates.flatten("- trainer-state", new TrainerState(), flat);
        Map<String, String> initial = new TreeMap<>();
        flat.forEach((field, value) -> initial.put(shape(field), value));
        return initial;
    }
}
