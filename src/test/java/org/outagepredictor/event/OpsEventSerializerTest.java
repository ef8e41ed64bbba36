package org.outagepredictor.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;
import org.outagepredictor.simulate.FleetSimulator;
import org.outagepredictor.simulate.SimulatorOptions;

class OpsEventSerializerTest {

    private static final TypeSerializer<OpsEvent> SERIALIZER =
            TypeInformation.of(OpsEvent.class).createSerializer(new SerializerConfigImpl());

    @Test
    void everyKindOfEventRoundTripsExactly() throws Exception {
        List<OpsEvent> events = new ArrayList<>();
        Set<EventKind> kinds = EnumSet.noneOf(EventKind.class);
        Configuration config = new Configuration();
        config.set(SimulatorOptions.DEVICES, 50);
        FleetSimulator simulator = new FleetSimulator(SimulatorOptions.from(config));
        for (int i = 0; i < 50_000; i++) {
            OpsEvent event = simulator.next();
            if (kinds.add(event.kind) || i % 1000 == 0) {
                events.add(event);
            }
        }
        OpsEvent feedback = OpsEvent.of(EventKind.FEEDBACK, "fw-ü-1", 42L);
        feedback.feedback = Feedback.values()[Feedback.values().length - 1];
        feedback.reference = "alert/ключ";
        events.add(feedback);
        events.add(new OpsEvent());

        DataOutputSerializer out = new DataOutputSerializer(256);
        for (OpsEvent event : events) {
            SERIALIZER.serialize(event, out);
        }
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        for (OpsEvent event : events) {
            assertThat(SERIALIZER.deserialize(in)).isEqualTo(event);
            assertThat(SERIALIZER.copy(event)).isEqualTo(event).isNotSameAs(event);
        }
        assertThat(in.available()).isZero();
        assertThat(kinds)
                .as("the simulator's kinds")
                .contains(EventKind.METRIC, EventKind.CHANGE, EventKind.INCIDENT);
    }

    @Test
    void everyFieldIsWrittenAndRead() throws Exception {
        // A field added to OpsEvent must be added to the serializer too: this fails until it is.
        OpsEvent event = new OpsEvent();
        List<String> fields = new ArrayList<>();
        int n = 1;
        for (Field field : OpsEvent.class.getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers())) {
                continue;
            }
            fields.add(field.getName());
            Class<?> type = field.getType();
            if (type == String.class) {
                field.set(event, "v" + n);
            } else if (type == long.class) {
                field.setLong(event, 1000L + n);
            } else if (type == int.class) {
                field.setInt(event, n);
            } else if (type == double.class) {
                field.setDouble(event, n + 0.5);
            } else if (type == boolean.class) {
                field.setBoolean(event, true);
            } else if (type.isEnum()) {
                Object[] constants = type.getEnumConstants();
                field.set(event, constants[constants.length - 1]);
            } else {
                throw new AssertionError("no test value for " + field);
            }
            n++;
        }
        DataOutputSerializer out = new DataOutputSerializer(128);
        SERIALIZER.serialize(event, out);
        OpsEvent read = SERIALIZER.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
        assertThat(read).usingRecursiveComparison().isEqualTo(event);
        assertThat(SERIALIZER.copy(event)).usingRecursiveComparison().isEqualTo(event);
        assertThat(fields).contains("deviceId", "feedback");
    }

    @Test
    void itsSnapshotRestoresItAndIsCompatibleWithItself() throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(64);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, SERIALIZER.snapshotConfiguration());
        TypeSerializerSnapshot<OpsEvent> read =
                TypeSerializerSnapshot.readVersionedSnapshot(
                        new DataInputDeserializer(out.getCopyOfBuffer()),
                        getClass().getClassLoader());
        assertThat(read.restoreSerializer())
                .isSameAs(SERIALIZER)
                .isSameAs(OpsEventSerializer.INSTANCE);
        assertThat(
                        SERIALIZER
                                .snapshotConfiguration()
                                .resolveSchemaCompatibility(read)
                                .isCompatibleAsIs())
                .isTrue();
    }
}
