package org.outagepredictor.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.outagepredictor.testutils.StateBackends;

/**
 * State in the first compact encoding, which builds wrote until the device state's sparse one
 * (version 3 of {@code DeviceStateSerializerSnapshot}; version 4 writes only the decayed counts
 * that are not zero and times as distances): a savepoint of commit 2043c20 ({@value #SAVEPOINT},
 * written by scripts/upgrade-savepoint.sh like {@link UpgradeITCase}'s) read by this build, on the
 * heap backend and on RocksDB, must hold every field as that build read it. On RocksDB the restore
 * rewrites each device's state in the new encoding before it is read back, so that is checked too.
 * Running the job on from such a savepoint is what {@link UpgradeITCase} checks for an older one.
 */
class CompactStateUpgradeTest {

    static final String SAVEPOINT = "savepoints/2043c20-parallelism-2";

    private static final String TRAINER_STATE = "trainer trainer-state.";

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"hashmap", "rocksdb"})
    void theCurrentBuildReadsTheFirstCompactEncodingAsTheBuildThatWroteIt(String backend)
            throws Exception {
        Path old = Path.of(CompactStateUpgradeTest.class.getResource("/" + SAVEPOINT).toURI());
        SortedMap<String, String> oldView = UpgradeITCase.readStateFile(old);
        StateBackend stateBackend =
                backend.equals("rocksdb") ? StateBackends.rocksDb() : new HashMapStateBackend();

        SortedMap<String, String> read = SavepointStates.read(old.toUri().toString(), stateBackend);

        // Every field as that build read it; the fields added since are the trainer's candidate
        // (2026-12-07), at their initial values.
        SortedMap<String, String> expected = new TreeMap<>(oldView);
        expected.put(TRAINER_STATE + "currentTrainedUntil", "0");
        expected.put(TRAINER_STATE + "candidateZ", "null");
        expected.put(TRAINER_STATE + "candidateN", "null");
        expected.put(TRAINER_STATE + "candidateTrainedUntil", "0");
        expected.put(TRAINER_STATE + "candidateExamplesTrained", "0");
        expected.put(TRAINER_STATE + "windowSnapshotTime", "null");
        assertThat(read).as("the savepoint of 2043c20 read by this build").isEqualTo(expected);
        assertThat(oldView.keySet())
                .as("fields that the new encoding writes differently")
                .anyMatch(field -> field.endsWith(" device-state.counts"))
                .anyMatch(field -> field.endsWith(" device-state.recentChanges[0].windowEnd"))
                .anyMatch(field -> field.endsWith(" device-state.metricLastTime"));
    }
}
