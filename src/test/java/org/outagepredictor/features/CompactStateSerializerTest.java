package org.outagepredictor.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
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
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;
import org.assertj.core.api.recursive.comparison.RecursiveComparisonConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
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
        state.counts[1] = Double.longBitsToDouble(0x7ff8_0000_0000_0badL);
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
        assertThat(Double.doubleToRawLongBits(read.counts[1]))
                .as("a NaN keeps its payload")
                .isEqualTo(0x7ff8_0000_0000_0badL);
    }

    @Test
    void deviceStatesOfAnyShapeRoundTripBitForBit() throws Exception {
        SplittableRandom random = new SplittableRandom(42);
        long[] times = {Long.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE + 1, 0, 1_767_225_600_000L};
        for (int round = 0; round < 500; round++) {
            long base = times[random.nextInt(times.length)] + random.nextInt(-5, 5);
            DeviceState state =
                    DeviceState.create(base, random.nextInt(0, 4), random.nextInt(0, 3));
            state.lastEventTime = base + random.nextLong(-1L << 40, 1L << 40);
            state.counts = new double[random.nextInt(0, 200)];
            for (int i = 0; i < state.counts.length; i++) {
                switch (random.nextInt(5)) {
                    case 0:
                        state.counts[i] = random.nextDouble() * 1e6;
                        break;
                    case 1:
                        state.counts[i] = -0.0;
                        break;
                    case 2:
                        // A NaN with a payload of its own.
                        state.counts[i] =
                                Double.longBitsToDouble(
                                        0x7ff0_0000_0000_0001L | random.nextLong(1L << 50));
                        break;
                    default:
                        break;
                }
            }
            for (int i = 0; i < state.metricNames.length; i++) {
                if (random.nextBoolean()) {
                    state.metricNames[i] = "m" + i;
                    state.metricSamples[i] = random.nextLong();
                    state.metricLastTime[i] =
                            times[random.nextInt(times.length)] + random.nextLong(-1000, 1000);
                    state.metricFastMean[i] = random.nextDouble();
                }
            }
            state.lastOutageTime = random.nextLong();
            state.cleanupTimerAt = times[random.nextInt(times.length)];

            DeviceState read =
                    read(
                            DeviceStateSerializer.INSTANCE,
                            bytes(DeviceStateSerializer.INSTANCE, state));

            assertThat(read).usingRecursiveComparison(EXACTLY).isEqualTo(state);
            for (int i = 0; i < state.counts.length; i++) {
                assertThat(Double.doubleToRawLongBits(read.counts[i]))
                        .isEqualTo(Double.doubleToRawLongBits(state.counts[i]));
            }
        }
    }

    /**
     * The bytes of version 4 for one state. A change to them is a new encoding: it needs a new
     * snapshot version and a serializer of version 4 for the state builds wrote until then.
     */
    @Test
    void version4IsTheseBytes() throws Exception {
        DeviceState state = DeviceState.create(1_767_225_600_000L, 2, 2);
        state.deviceClass = "server";
        state.lastEventTime = state.firstEventTime + 90_000;
        state.counts[DecayedCounts.index(DecayedCounts.Counter.EVENTS, DecayedCounts.HalfLife.H1)] =
                1.5;
        state.lastChangeTime = state.lastEventTime - 60_000;
        ChangeRef change = new ChangeRef();
        change.id = "CHG1";
        change.time = state.lastChangeTime;
        change.windowEnd = change.time + 3_600_000;
        change.changeType = ChangeType.PLANNED;
        state.recentChanges[0] = change;
        state.metricNames[0] = "cpu";
        state.metricFastMean[0] = 0.5;
        state.metricSamples[0] = 3;
        state.metricLastTime[0] = state.lastEventTime;
        state.cleanupTimerAt = state.lastEventTime + 172_800_000;

        assertThat(HexFormat.of().formatHex(bytes(DeviceStateSerializer.INSTANCE, state)))
                .isEqualTo(VERSION_4_BYTES);
        assertThat(read(DeviceStateSerializer.INSTANCE, HexFormat.of().parseHex(VERSION_4_BYTES)))
                .usingRecursiveComparison(EXACTLY)
                .isEqualTo(state);
    }

    private static final String VERSION_4_BYTES =
            "07736572766572" // device class "server"
                    + "0000019b76daa800" // first event time
                    + "a3fe0a" // last event time, +90 s
                    + "1880013ff8000000000000" // 24 counts, the mask, EVENTS/H1
                    + "c2a907" // last change time, -60 s
                    + "0201054348473100c2a90700010083bab7030000" // changes: CHG1, a free slot
                    + "02046370753fe00000000000000000000000000000" // metrics: cpu, its means,
                    + "00000000000000000303000000000000000000" // samples, time, z; a free slot
                    + "0000" // last outage: never, no id
                    + "00" // last snapshot: never
                    + "83e0e5a401" // timer: +48 h
                    + "01" // next label due: none
                    + "00"; // last sampled: never

    private static TypeSerializerSnapshot<DeviceState> writtenAndRead(
            TypeSerializerSnapshot<DeviceState> snapshot) throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(64);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, snapshot);
        return TypeSerializerSnapshot.readVersionedSnapshot(
                new DataInputDeserializer(out.getCopyOfBuffer()),
                CompactStateSerializerTest.class.getClassLoader());
    }

    @Test
    void theDeviceStateSnapshotReadsTheFirstEncodingForMigrationAndRefusesANewerOne()
            throws Exception {
        TypeSerializerSnapshot<DeviceState> current =
                DeviceStateSerializer.INSTANCE.snapshotConfiguration();

        TypeSerializerSnapshot<DeviceState> same = writtenAndRead(current);
        assertThat(same.getCurrentVersion()).isEqualTo(4);
        assertThat(same.restoreSerializer()).isSameAs(DeviceStateSerializer.INSTANCE);
        assertThat(current.resolveSchemaCompatibility(same).isCompatibleAsIs()).isTrue();

        TypeSerializerSnapshot<DeviceState> first =
                writtenAndRead(
                        DeviceStateSerializer.FixedWidthSerializer.INSTANCE
                                .snapshotConfiguration());
        assertThat(first.getCurrentVersion()).isEqualTo(CompactSerializer.Snapshot.FIRST_VERSION);
        assertThat(first.restoreSerializer())
                .isSameAs(DeviceStateSerializer.FixedWidthSerializer.INSTANCE);
        assertThat(current.resolveSchemaCompatibility(first).isCompatibleAfterMigration()).isTrue();

        for (int unknown : new int[] {CompactSerializer.Snapshot.FIRST_VERSION - 1, 5}) {
            assertThatThrownBy(
                            () ->
                                    new DeviceStateSerializer.DeviceStateSerializerSnapshot()
                                            .readSnapshot(
                                                    unknown,
                                                    new DataInputDeserializer(new byte[0]),
                                                    getClass().getClassLoader()))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("reads versions 3 to 4, not " + unknown);
        }
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
            KeyedProcessFunction<String, String, String> function, String backend)
            throws Exception {
        var harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(function), (String d) -> d, Types.STRING);
        harness.setStateBackend(
                backend.equals("rocksdb") ? StateBackends.rocksDb() : new HashMapStateBackend());
        return harness;
    }

    /** Each device's state from {@code states}, written with {@code serializer}, snapshot. */
    private static OperatorSubtaskState written(
            Map<String, DeviceState> states, TypeSerializer<DeviceState> serializer, String backend)
            throws Exception {
        try (var harness = harness(new StoreState(states, serializer), backend)) {
            harness.open();
            for (String device : states.keySet()) {
                harness.processElement(device, 0L);
            }
            return harness.snapshot(1L, 1L);
        }
    }

    /**
     * Restores {@code snapshot}, reads the devices' states into {@link #READ} with the current
     * serializer, and returns the snapshot taken after that.
     */
    private static OperatorSubtaskState readBack(
            OperatorSubtaskState snapshot, Iterable<String> devices, String backend)
            throws Exception {
        READ.clear();
        try (var harness = harness(new StoreState(null, DeviceStateSerializer.INSTANCE), backend)) {
            harness.initializeState(snapshot);
            harness.open();
            for (String device : devices) {
                harness.processElement(device, 2L);
            }
            return harness.snapshot(3L, 3L);
        }
    }

    /** An operator of a build that no longer registers the device state. */
    private static final class RegistersNothing
            extends KeyedProcessFunction<String, String, String> {

        @Override
        public void processElement(String device, Context ctx, Collector<String> out) {}
    }

    private static void assertReadAsWritten(Map<String, DeviceState> states) {
        assertThat(READ).hasSameSizeAs(states);
        for (Map.Entry<String, DeviceState> device : states.entrySet()) {
            assertThat(READ.get(device.getKey()))
                    .usingRecursiveComparison(EXACTLY)
                    .isEqualTo(device.getValue());
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"rocksdb", "hashmap"})
    void stateOfTheFirstEncodingRestoresIsRewrittenAndSurvivesAnOperatorThatDoesNotRegisterIt(
            String backend) throws Exception {
        Map<String, DeviceState> states = simulatedStates();
        List<String> devices = new ArrayList<>(states.keySet());
        OperatorSubtaskState first =
                written(states, DeviceStateSerializer.FixedWidthSerializer.INSTANCE, backend);

        OperatorSubtaskState rewritten = readBack(first, devices, backend);
        assertReadAsWritten(states);
        readBack(rewritten, devices, backend);
        assertReadAsWritten(states);

        // Flink keeps state that no operator registers in the serializer it was restored with, and
        // checkpoints it so: in the first encoding, under that encoding's snapshot.
        OperatorSubtaskState kept;
        try (var harness = harness(new RegistersNothing(), backend)) {
            harness.initializeState(first);
            harness.open();
            kept = harness.snapshot(2L, 2L);
        }
        readBack(kept, devices, backend);
        assertReadAsWritten(states);
    }

    @Test
    void stateThatEarlierBuildsWroteWithThePojoSerializerRestoresOnRocksDb() throws Exception {
        Map<String, DeviceState> states = simulatedStates();
        readBack(written(states, null, "rocksdb"), states.keySet(), "rocksdb");
        assertReadAsWritten(states);
    }
}
