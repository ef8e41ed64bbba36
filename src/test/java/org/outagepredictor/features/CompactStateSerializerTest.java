package org.outagepredictor.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;
import org.assertj.core.api.recursive.comparison.RecursiveComparisonConfiguration;
import org.junit.jupiter.api.Test;
import org.outagepredictor.event.ChangeRef;
import org.outagepredictor.event.ChangeType;
import org.outagepredictor.event.OpsEvent;
import org.outagepredictor.serialization.CompactSerializer;
import org.outagepredictor.simulate.FleetSimulator;
import org.outagepredictor.simulate.SimulatorOptions;
import org.outagepredictor.testutils.StateBackends;

class CompactStateSerializerTest {

    /** Field by field, numbers by their exact value: AssertJ's default allows 1e-15 for doubles. */
    private static final RecursiveComparisonConfiguration EXACTLY =
            RecursiveComparisonConfiguration.builder()
                    .withComparatorForType(Double::compare, Double.class)
                    .withComparatorForType(Float::compare, Float.class)
                    .build();

    /** The states of a small simulated fleet after a few simulated hours: metrics and changes. */
    private static Map<String, DeviceState> simulatedStates() {
        Configuration config = new Configuration();
        config.set(SimulatorOptions.DEVICES, 30);
        FleetSimulator simulator = new FleetSimulator(SimulatorOptions.from(config));
        FeatureCalculator calculator = new FeatureCalculator(FeatureOptions.from(config));
        Map<String, DeviceState> states = new HashMap<>();
        for (int i = 0; i < 200_000; i++) {
            OpsEvent event = simulator.next();
            DeviceState state =
                    states.computeIfAbsent(event.deviceId, id -> calculator.newState(event));
            calculator.update(state, event);
            if (event.kind == org.outagepredictor.event.EventKind.INCIDENT) {
                calculator.recordOutage(state, event);
            }
        }
        return states;
    }

    private static <T> byte[] bytes(TypeSerializer<T> serializer, T value) throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(256);
        serializer.serialize(value, out);
        return out.getCopyOfBuffer();
    }

    private static <T> T read(TypeSerializer<T> serializer, byte[] bytes) throws Exception {
        return serializer.deserialize(new DataInputDeserializer(bytes));
    }

    @Test
    void deviceStatesRoundTripExactlyInFewerBytesThanThePojoEncoding() throws Exception {
        TypeSerializer<DeviceState> pojo =
                TypeInformation.of(DeviceState.class).createSerializer(new SerializerConfigImpl());
        long compactBytes = 0;
        long pojoBytes = 0;
        boolean sawChange = false;
        for (DeviceState state : simulatedStates().values()) {
            byte[] compact = bytes(DeviceStateSerializer.INSTANCE, state);
            assertThat(read(DeviceStateSerializer.INSTANCE, compact))
                    .usingRecursiveComparison(EXACTLY)
                    .isEqualTo(state);
            assertThat(DeviceStateSerializer.INSTANCE.copy(state))
                    .usingRecursiveComparison(EXACTLY)
                    .isEqualTo(state);
            sawChange |= state.recentChanges[0] != null;
            compactBytes += compact.length;
            pojoBytes += bytes(pojo, state).length;
        }
        assertThat(sawChange).as("some device has a recent change").isTrue();
        assertThat(compactBytes).isLessThan(pojoBytes * 3 / 4);
    }

    @Test
    void deviceStatesWithEdgeValuesRoundTripExactly() throws Exception {
        DeviceState state = DeviceState.create(Long.MIN_VALUE + 1, 2, 2);
        state.lastEventTime = Long.MAX_VALUE - 1;
        state.counts[0] = -0.0;
        state.counts[1] = Double.NaN;
        state.counts[2] = Double.MIN_VALUE;
        state.counts[DecayedCounts.SIZE - 1] = Double.POSITIVE_INFINITY;
        ChangeRef change = new ChangeRef();
        change.id = "CHG0001";
        change.time = Long.MIN_VALUE;
        change.windowEnd = Long.MAX_VALUE - 2;
        change.changeType = ChangeType.EMERGENCY;
        state.recentChanges[1] = change;
        state.metricNames[1] = "latency_ms";
        state.metricSamples[1] = -1;
        state.metricLastTime[1] = 0;
        state.metricLastZ[1] = Double.NEGATIVE_INFINITY;
        state.cleanupTimerAt = 0;
        state.lastSampledTime = Long.MAX_VALUE;
        state.nextLabelDue = Long.MIN_VALUE;

        DeviceState read =
                read(DeviceStateSerializer.INSTANCE, bytes(DeviceStateSerializer.INSTANCE, state));

        assertThat(read).usingRecursiveComparison(EXACTLY).isEqualTo(state);
        assertThat(Double.doubleToRawLongBits(read.counts[0]))
                .as("a negative zero stays one")
                .isEqualTo(Double.doubleToRawLongBits(-0.0));
    }

    @Test
    void theDeviceStateSnapshotReadsTheFirstEncodingForMigrationAndRefusesANewerOne()
            throws Exception {
        TypeSerializerSnapshot<DeviceState> current =
                DeviceStateSerializer.INSTANCE.snapshotConfiguration();
        TypeSerializerSnapshot<DeviceState> first =
                new DeviceStateSerializer.DeviceStateSerializerSnapshot();
        first.readSnapshot(
                CompactSerializer.Snapshot.FIRST_VERSION,
                new DataInputDeserializer(new byte[0]),
                getClass().getClassLoader());
        assertThat(first.restoreSerializer())
                .isSameAs(DeviceStateSerializer.FixedWidthReader.INSTANCE);
        assertThat(current.resolveSchemaCompatibility(first).isCompatibleAfterMigration()).isTrue();

        TypeSerializerSnapshot<DeviceState> same =
                new DeviceStateSerializer.DeviceStateSerializerSnapshot();
        same.readSnapshot(
                current.getCurrentVersion(),
                new DataInputDeserializer(new byte[0]),
                getClass().getClassLoader());
        assertThat(same.restoreSerializer()).isSameAs(DeviceStateSerializer.INSTANCE);
        assertThat(current.resolveSchemaCompatibility(same).isCompatibleAsIs()).isTrue();

        assertThatThrownBy(
                        () ->
                                new DeviceStateSerializer.DeviceStateSerializerSnapshot()
                                        .readSnapshot(
                                                current.getCurrentVersion() + 1,
                                                new DataInputDeserializer(new byte[0]),
                                                getClass().getClassLoader()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("newer build");
    }

    @Test
    void pendingExamplesRoundTripExactlyAsLabellerRoundsThem() throws Exception {
        Labeller labeller = new Labeller(DeviceFeaturesTest.everyNegative());
        PendingExamples pending = new PendingExamples();
        FeatureSnapshot snapshot = new FeatureSnapshot();
        snapshot.deviceId = "srv-1";
        snapshot.values = new double[Feature.values().length];
        for (int i = 0; i < snapshot.values.length; i++) {
            snapshot.values[i] = Math.PI * (i + 1) / 7;
        }
        for (int minute = 0; minute < 60; minute += 10) {
            snapshot.eventTime = minute * 60_000L;
            labeller.offer(pending, snapshot, true);
        }
        assertThat(pending.size()).isGreaterThan(1);
        assertThat(pending.values[0][1]).isEqualTo((float) snapshot.values[1]);

        PendingExamples read =
                read(
                        PendingExamplesSerializer.INSTANCE,
                        bytes(PendingExamplesSerializer.INSTANCE, pending));
        assertThat(read).usingRecursiveComparison(EXACTLY).isEqualTo(pending);
        assertThat(PendingExamplesSerializer.INSTANCE.copy(pending))
                .usingRecursiveComparison(EXACTLY)
                .isEqualTo(pending);
    }

    /**
     * Writes each device's state from {@code states} with {@code serializer} (Flink's POJO
     * serializer if {@code null}); without {@code states}, reads it into {@link #READ}.
     */
    private static final class StoreState extends KeyedProcessFunction<String, String, String> {

        private final transient Map<String, DeviceState> states;
        private final TypeSerializer<DeviceState> serializer;
        private transient ValueState<DeviceState> state;

        StoreState(Map<String, DeviceState> states, TypeSerializer<DeviceState> serializer) {
            this.states = states;
            this.serializer = serializer;
        }

        @Override
        public void open(OpenContext openContext) {
            state =
                    getRuntimeContext()
                            .getState(
                                    serializer == null
                                            ? new ValueStateDescriptor<>(
                                                    DeviceFeatures.STATE_NAME,
                                                    TypeInformation.of(DeviceState.class))
                                            : new ValueStateDescriptor<>(
                                                    DeviceFeatures.STATE_NAME, serializer));
        }

        @Override
        public void processElement(String device, Context ctx, Collector<String> out)
                throws Exception {
            if (states != null) {
                state.update(states.get(device));
            } else {
                READ.put(device, state.value());
            }
        }
    }

    private static final Map<String, DeviceState> READ = new HashMap<>();

    private static KeyedOneInputStreamOperatorTestHarness<String, String, String> harness(
            StoreState function) throws Exception {
        var harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(function), (String d) -> d, Types.STRING);
        harness.setStateBackend(StateBackends.rocksDb());
        return harness;
    }

    @Test
    void stateThatEarlierBuildsWroteWithThePojoSerializerRestoresOnRocksDb() throws Exception {
        Map<String, DeviceState> states = simulatedStates();
        OperatorSubtaskState snapshot;
        try (var before = harness(new StoreState(states, null))) {
            before.open();
            for (String device : states.keySet()) {
                before.processElement(device, 0L);
            }
            snapshot = before.snapshot(1L, 1L);
        }
        READ.clear();
        List<String> devices = new ArrayList<>(states.keySet());
        try (var after = harness(new StoreState(null, DeviceStateSerializer.INSTANCE))) {
            after.initializeState(snapshot);
            after.open();
            for (String device : devices) {
                after.processElement(device, 2L);
            }
        }
        assertThat(READ).hasSameSizeAs(states);
        for (String device : devices) {
            assertThat(READ.get(device))
                    .usingRecursiveComparison(EXACTLY)
                    .isEqualTo(states.get(device));
        }
    }
}
