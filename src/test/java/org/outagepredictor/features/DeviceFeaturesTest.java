package org.outagepredictor.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.outagepredictor.features.FeatureCalculatorTest.change;
import static org.outagepredictor.features.FeatureCalculatorTest.log;

import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.checkpoint.CheckpointOptions;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.checkpoint.StateObjectCollection;
import org.apache.flink.runtime.state.KeyedStateHandle;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.runtime.state.memory.MemCheckpointStreamFactory;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.operators.OperatorSnapshotFutures;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.concurrent.FutureUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.outagepredictor.event.ChangeType;
import org.outagepredictor.event.EventKind;
import org.outagepredictor.event.Feedback;
import org.outagepredictor.event.OpsEvent;
import org.outagepredictor.event.Severity;
import org.outagepredictor.testutils.KeyedStates;
import org.outagepredictor.testutils.StateBackends;

class DeviceFeaturesTest {

    private static final long MINUTE = 60_000L;
    private static final long HOUR = 60 * MINUTE;
    private static final long T0 = 1_767_225_600_000L;
    private static final long IDLE = FeatureOptions.defaults().idleTimeoutMillis;

    private KeyedOneInputStreamOperatorTestHarness<String, OpsEvent, FeatureSnapshot> harness;

    @BeforeEach
    void setUp() throws Exception {
        harness = newHarness();
        harness.open();
    }

    /** Labels with every negative kept, so that label tests are not subject to sampling. */
    static LabelOptions everyNegative() {
        Configuration config = new Configuration();
        config.set(LabelOptions.NEGATIVE_SAMPLING, 1.0);
        return LabelOptions.from(config);
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, OpsEvent, FeatureSnapshot>
            newHarness() throws Exception {
        return newHarness(StateBackends.rocksDb());
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, OpsEvent, FeatureSnapshot>
            newHarness(StateBackend backend) throws Exception {
        var harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(
                                new DeviceFeatures(
                                        FeatureCalculatorTest.noWarmup(), everyNegative())),
                        (OpsEvent e) -> e.deviceId,
                        Types.STRING);
        harness.setStateBackend(backend);
        return harness;
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    @Test
    void emitsRateLimitedSnapshotsPerDevice() throws Exception {
        process(on("fw-1", log(T0, Severity.INFO)));
        process(on("fw-1", log(T0 + 5_000, Severity.ERROR)));
        process(on("srv-2", log(T0 + 6_000, Severity.INFO)));
        process(on("fw-1", change(T0 + 7_000, "CHG7", ChangeType.EMERGENCY, false)));
        process(on("fw-1", log(T0 + 8_000, Severity.INFO)));
        process(on("fw-1", log(T0 + 7_000 + MINUTE, Severity.INFO)));

        List<FeatureSnapshot> out = snapshots();
        assertThat(out)
                .extracting(s -> s.deviceId + "@" + (s.eventTime - T0))
                .containsExactly("fw-1@0", "srv-2@6000", "fw-1@7000", "fw-1@67000");
        assertThat(out.get(2).recentChanges).extracting(c -> c.id).containsExactly("CHG7");
        assertThat(out.get(3).get(Feature.EMERGENCY_CHANGES_24H)).isGreaterThan(0.6);
        assertThat(KeyedStates.count(harness, DeviceFeatures.STATE_NAME)).isEqualTo(2);
        assertThat(harness.numEventTimeTimers())
                .as(
                        "one timer per device, at its oldest waiting snapshot's label time (fw-1's"
                                + " change waits too, due later; fw-1@67000 came before the sample"
                                + " interval passed)")
                .isEqualTo(2);
    }

    @Test
    void quietDeviceIsForgottenAndItsTimerRemoved() throws Exception {
        process(on("fw-1", log(T0, Severity.INFO)));
        process(on("srv-2", log(T0, Severity.INFO)));
        // srv-2 keeps talking for another day, which moves its deadline and labels its first
        // snapshot by its own clock; its new snapshot waits, due after the timer it has.
        process(on("srv-2", log(T0 + 24 * HOUR, Severity.WARNING)));
        assertThat(harness.numEventTimeTimers()).as("one per device").isEqualTo(2);

        harness.processWatermark(T0 + IDLE);
        assertThat(KeyedStates.count(harness, DeviceFeatures.STATE_NAME)).isEqualTo(1);
        assertThat(KeyedStates.count(harness, DeviceFeatures.PENDING_STATE_NAME)).isZero();
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);
        assertThat(examples()).extracting(e -> e.cause).containsOnly(LabeledExample.Cause.HORIZON);

        harness.processWatermark(T0 + 24 * HOUR + IDLE);
        assertThat(KeyedStates.count(harness, DeviceFeatures.STATE_NAME)).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void aDeviceKeepsOneTimerAsItsSnapshotsComeAndGo() throws Exception {
        process(on("fw-1", log(T0, Severity.INFO)));
        harness.processWatermark(T0 + 4 * HOUR);
        assertThat(examples()).as("the snapshot's negative").hasSize(1);
        assertThat(harness.numEventTimeTimers()).as("at the idle deadline").isEqualTo(1);

        process(on("fw-1", log(T0 + 5 * HOUR, Severity.INFO)));
        assertThat(harness.numEventTimeTimers())
                .as("the new snapshot's label replaced the idle deadline")
                .isEqualTo(1);
        harness.processWatermark(T0 + 9 * HOUR);
        assertThat(examples()).hasSize(1);
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);
        assertThat(KeyedStates.count(harness, DeviceFeatures.STATE_NAME)).isEqualTo(1);
    }

    @Test
    void deviceThatComesBackStartsAfresh() throws Exception {
        process(on("fw-1", change(T0, "CHG1", ChangeType.PLANNED, false)));
        harness.processWatermark(T0 + IDLE);
        assertThat(KeyedStates.count(harness, DeviceFeatures.STATE_NAME)).isZero();

        process(on("fw-1", log(T0 + IDLE + HOUR, Severity.INFO)));
        FeatureSnapshot last = snapshots().get(snapshots().size() - 1);
        assertThat(last.recentChanges).isEmpty();
        assertThat(last.get(Feature.CHANGES_24H)).isZero();
        assertThat(harness.numEventTimeTimers()).as("the new snapshot's label").isEqualTo(1);
    }

    @Test
    void aDeviceBackAfterTheIdleTimeoutStartsAfreshWhetherOrNotTheWatermarkCame() throws Exception {
        long back = T0 + IDLE + HOUR;
        process(on("fw-1", change(T0, "CHG1", ChangeType.PLANNED, false)));
        harness.processWatermark(back - 1);
        process(on("fw-1", log(back, Severity.INFO)));
        List<String> byWatermark = describe(snapshots(), examples());
        harness.close();

        harness = newHarness();
        harness.open();
        process(on("fw-1", change(T0, "CHG1", ChangeType.PLANNED, false)));
        process(on("fw-1", log(back, Severity.INFO)));
        List<String> byEvents = describe(snapshots(), examples());

        assertThat(byWatermark)
                .as("the change's snapshot, its negative label, the fresh device's snapshot")
                .hasSize(3)
                .anyMatch(line -> line.startsWith("label"));
        assertThat(byEvents).isEqualTo(byWatermark);
        assertThat(harness.numEventTimeTimers())
                .as("the fresh device's label timer: forgetting removed the old device's")
                .isEqualTo(1);
    }

    private static List<String> describe(
            List<FeatureSnapshot> snapshots, List<LabeledExample> examples) {
        List<String> lines = new java.util.ArrayList<>();
        snapshots.forEach(
                s ->
                        lines.add(
                                "snapshot "
                                        + s.eventTime
                                        + " changes "
                                        + s.get(Feature.CHANGES_24H)
                                        + " recent "
                                        + s.recentChanges.length));
        examples.forEach(e -> lines.add("label " + e));
        return lines;
    }

    @Test
    void stateSurvivesSnapshotAndRestore() throws Exception {
        process(on("fw-1", change(T0, "CHG1", ChangeType.UNAUTHORISED, true)));
        var snapshot = harness.snapshot(1L, T0);
        harness.close();

        harness = newHarness();
        harness.initializeState(snapshot);
        harness.open();
        process(on("fw-1", log(T0 + 2 * MINUTE, Severity.INFO)));
        FeatureSnapshot restored = snapshots().get(0);
        assertThat(restored.recentChanges).extracting(c -> c.id).containsExactly("CHG1");
        assertThat(restored.get(Feature.UNAUTHORISED_CHANGES_24H)).isGreaterThan(0.6);
        assertThat(harness.numEventTimeTimers())
                .as("the change snapshot's label, the device's one timer")
                .isEqualTo(1);

        // The snapshot that waited through the restore gets its label.
        process(on("fw-1", incident(T0 + HOUR, 1)));
        assertThat(examples())
                .extracting(e -> e.eventTime - T0, e -> e.positive)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(0L, true));
    }

    /**
     * The heap backend snapshots the very objects written, asynchronously. An event of the same
     * device while the snapshot is being written must not change the state it writes, though the
     * operator reuses the state of consecutive events of a device.
     */
    @Test
    void anEventDuringAnAsynchronousSnapshotLeavesTheSnapshotAsItWas() throws Exception {
        harness.close();
        harness = newHarness(StateBackends.hashMap());
        harness.open();
        process(on("fw-1", log(T0, Severity.INFO)));
        process(on("fw-1", log(T0 + MINUTE, Severity.INFO)));
        OperatorSnapshotFutures started =
                harness.getOperator()
                        .snapshotState(
                                1L,
                                T0,
                                CheckpointOptions.forCheckpointWithDefaultLocation(),
                                new MemCheckpointStreamFactory(1 << 20));
        process(on("fw-1", log(T0 + 2 * MINUTE, Severity.INFO)));
        assertThat(lastEventTime(harness, "fw-1")).isEqualTo(T0 + 2 * MINUTE);
        // The snapshot's asynchronous part, run only now (the keyed state is all this operator
        // has; Flink 1 and 2 alike).
        KeyedStateHandle keyedState =
                FutureUtils.runIfNotDoneAndGet(started.getKeyedStateManagedFuture())
                        .getJobManagerOwnedSnapshot();
        OperatorSubtaskState written =
                OperatorSubtaskState.builder()
                        .setManagedKeyedState(StateObjectCollection.singleton(keyedState))
                        .build();
        harness.close();

        harness = newHarness(StateBackends.hashMap());
        harness.initializeState(written);
        harness.open();
        assertThat(lastEventTime(harness, "fw-1"))
                .as("the state as it was when the checkpoint began")
                .isEqualTo(T0 + MINUTE);
    }

    private static long lastEventTime(
            KeyedOneInputStreamOperatorTestHarness<String, OpsEvent, FeatureSnapshot> harness,
            String device)
            throws Exception {
        return KeyedStates.value(
                        harness, DeviceFeatures.STATE_NAME, DeviceStateSerializer.INSTANCE, device)
                .lastEventTime;
    }

    @Test
    void aSnapshotIsPositiveWhenAnOutageOpensWithinTheHorizon() throws Exception {
        process(on("fw-1", log(T0, Severity.ERROR)));
        FeatureSnapshot snapshot = snapshots().get(0);
        process(on("fw-1", incident(T0 + 90 * MINUTE, 2)));

        List<LabeledExample> examples = examples();
        assertThat(examples).hasSize(1);
        LabeledExample positive = examples.get(0);
        assertThat(positive.positive).isTrue();
        assertThat(positive.cause).isEqualTo(LabeledExample.Cause.INCIDENT);
        assertThat(positive.deviceId).isEqualTo("fw-1");
        assertThat(positive.eventTime).isEqualTo(T0);
        assertThat(positive.labelTime).isEqualTo(T0 + 90 * MINUTE);
        assertThat(positive.weight).isEqualTo(1.0);
        // The snapshot's features, at the float precision that waiting snapshots are kept at.
        double[] rounded = new double[snapshot.values.length];
        for (int i = 0; i < rounded.length; i++) {
            rounded[i] = (float) snapshot.values[i];
        }
        assertThat(positive.values).containsExactly(rounded);
        assertThat(KeyedStates.count(harness, DeviceFeatures.PENDING_STATE_NAME))
                .as("the incident's own snapshot waits; the labelled one is gone")
                .isEqualTo(1);
    }

    @Test
    void anIncidentSnapshotsAtOnceAndAnOutageTravelsWithLaterSnapshots() throws Exception {
        process(on("fw-1", log(T0, Severity.INFO)));
        process(on("fw-1", incident(T0 + 10_000, 4)));
        process(on("fw-1", incident(T0 + 20_000, 1)));
        process(on("fw-1", log(T0 + 20_000 + MINUTE, Severity.INFO)));

        List<FeatureSnapshot> out = snapshots();
        assertThat(out)
                .as("incidents skip the snapshot interval, as changes do")
                .extracting(s -> s.eventTime - T0)
                .containsExactly(0L, 10_000L, 20_000L, 20_000L + MINUTE);
        assertThat(out.get(1).lastOutageTime)
                .as("priority 4 is no outage")
                .isEqualTo(Long.MIN_VALUE);
        assertThat(out.get(2).lastOutageTime).isEqualTo(T0 + 20_000);
        assertThat(out.get(2).lastOutageId).isEqualTo("INC" + (T0 + 20_000));
        assertThat(out.get(3).lastOutageId).isEqualTo("INC" + (T0 + 20_000));
    }

    @Test
    void incidentsTooSoonOrNotOutagesMakeNoPositive() throws Exception {
        process(on("fw-1", log(T0, Severity.ERROR)));
        process(on("fw-1", incident(T0 + 20 * MINUTE, 4)));
        assertThat(examples()).as("priority 4 is not an outage").isEmpty();

        process(on("srv-2", log(T0, Severity.ERROR)));
        process(on("srv-2", incident(T0 + 2 * MINUTE, 1)));
        assertThat(examples()).as("2 min is within the minimum lead: not learned").isEmpty();

        // fw-1's snapshot has no outage within the horizon: negative after horizon + grace.
        long due = T0 + LabelOptions.defaults().negativeAfterMillis();
        harness.processWatermark(due - 1);
        assertThat(examples()).isEmpty();
        harness.processWatermark(due);
        assertThat(examples())
                .extracting(e -> e.deviceId, e -> e.positive, e -> e.labelTime)
                .contains(org.assertj.core.groups.Tuple.tuple("fw-1", false, due));
    }

    @Test
    void dismissedPredictionsAreNegativeAndMitigatedOnesAreNotLearned() throws Exception {
        process(on("fw-1", log(T0, Severity.ERROR)));
        process(on("srv-2", log(T0, Severity.ERROR)));

        process(on("fw-1", feedback(T0 + 30 * MINUTE, Feedback.DISMISSED)));
        process(on("srv-2", feedback(T0 + 30 * MINUTE, Feedback.ACKNOWLEDGED_MITIGATED)));
        // Had srv-2's snapshot still waited, this outage-free horizon would make it negative.
        harness.processWatermark(T0 + 3 * HOUR);

        assertThat(examples())
                .extracting(e -> e.deviceId, e -> e.positive, e -> e.cause, e -> e.weight)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                "fw-1", false, LabeledExample.Cause.DISMISSED, 1.0));
    }

    @Test
    void labelsAndStateEndAtZero() throws Exception {
        for (int minute = 0; minute < 600; minute += 5) {
            process(on("fw-1", log(T0 + minute * MINUTE, Severity.WARNING)));
        }
        assertThat(harness.numEventTimeTimers())
                .as("one timer, however many snapshots wait")
                .isEqualTo(1);
        process(on("fw-1", incident(T0 + 400 * MINUTE, 1)));
        harness.processWatermark(T0 + 600 * MINUTE + IDLE);

        assertThat(examples()).isNotEmpty();
        assertThat(KeyedStates.count(harness, DeviceFeatures.STATE_NAME)).isZero();
        assertThat(KeyedStates.count(harness, DeviceFeatures.PENDING_STATE_NAME)).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    private List<LabeledExample> examples() {
        var records = harness.getSideOutput(DeviceFeatures.LABELED_EXAMPLES);
        if (records == null) {
            return List.of();
        }
        List<LabeledExample> examples =
                records.stream().map(StreamRecord::getValue).collect(Collectors.toList());
        records.clear();
        return examples;
    }

    private static OpsEvent incident(long time, int priority) {
        OpsEvent event = OpsEvent.of(EventKind.INCIDENT, "dev", time);
        event.priority = priority;
        event.reference = "INC" + time;
        return event;
    }

    private static OpsEvent feedback(long time, Feedback answer) {
        OpsEvent event = OpsEvent.of(EventKind.FEEDBACK, "dev", time);
        event.feedback = answer;
        return event;
    }

    private void process(OpsEvent event) throws Exception {
        harness.processElement(new StreamRecord<>(event, event.eventTime));
    }

    private List<FeatureSnapshot> snapshots() {
        return harness.extractOutputValues().stream().collect(Collectors.toList());
    }

    private static OpsEvent on(String deviceId, OpsEvent event) {
        event.deviceId = deviceId;
        return event;
    }
}
