package org.outagepredictor.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.outagepredictor.features.FeatureCalculatorTest.change;
import static org.outagepredictor.features.FeatureCalculatorTest.log;

import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.outagepredictor.event.ChangeType;
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

    private static KeyedOneInputStreamOperatorTestHarness<String, OpsEvent, FeatureSnapshot>
            newHarness() throws Exception {
        var harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(
                                new DeviceFeatures(FeatureCalculatorTest.noWarmup())),
                        (OpsEvent e) -> e.deviceId,
                        Types.STRING);
        harness.setStateBackend(StateBackends.rocksDb());
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
        assertThat(harness.numEventTimeTimers()).isEqualTo(2);
    }

    @Test
    void quietDeviceIsForgottenAndItsTimerRemoved() throws Exception {
        process(on("fw-1", log(T0, Severity.INFO)));
        process(on("srv-2", log(T0, Severity.INFO)));
        // srv-2 keeps talking for another day, which moves its deadline but adds no timer.
        process(on("srv-2", log(T0 + 24 * HOUR, Severity.WARNING)));
        assertThat(harness.numEventTimeTimers()).isEqualTo(2);

        harness.processWatermark(T0 + IDLE);
        assertThat(KeyedStates.count(harness, DeviceFeatures.STATE_NAME)).isEqualTo(1);
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);

        harness.processWatermark(T0 + 24 * HOUR + IDLE);
        assertThat(KeyedStates.count(harness, DeviceFeatures.STATE_NAME)).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
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
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);
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
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);
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
