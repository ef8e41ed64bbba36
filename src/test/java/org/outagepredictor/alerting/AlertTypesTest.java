package org.outagepredictor.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/** Alerts and alert state are POJOs that Flink serialises without Kryo. */
class AlertTypesTest {

    @Test
    void alertIsAPojo() {
        assertThat(TypeInformation.of(Alert.class)).isInstanceOf(PojoTypeInfo.class);
        assertThat(TypeInformation.of(Reason.class)).isInstanceOf(PojoTypeInfo.class);
    }

    @Test
    void alertStateIsAPojo() {
        assertThat(TypeInformation.of(AlertState.class)).isInstanceOf(PojoTypeInfo.class);
    }

    @Test
    void alertsSurviveFlinkSerialisationWithGenericTypesDisabled() throws IOException {
        Alert alert = Alerts.trigger();

        assertThat(roundTrip(Alert.class, alert)).isEqualTo(alert);
    }

    @Test
    void alertStateSurvivesFlinkSerialisationWithGenericTypesDisabled() throws IOException {
        AlertState state = new AlertState();
        state.open = true;
        state.dedupKey = AlertPolicy.dedupKey("db-1", 1000L);
        state.deviceClass = "database";
        state.openedAt = 1000L;
        state.lastSeen = 2000L;
        state.lastProbability = 0.75;
        state.timerAt = 3000L;

        AlertState copy = roundTrip(AlertState.class, state);

        assertThat(copy).isEqualTo(state);
        assertThat(copy.resolvedAt).isEqualTo(AlertState.NEVER);
    }

    /** Serialises with generic types disabled, as the job runs: Kryo would make this throw. */
    private static <T> T roundTrip(Class<T> type, T value) throws IOException {
        SerializerConfigImpl config = new SerializerConfigImpl();
        config.setGenericTypes(false);
        TypeSerializer<T> serializer = TypeInformation.of(type).createSerializer(config);
        DataOutputSerializer out = new DataOutputSerializer(256);
        serializer.serialize(value, out);
        return serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
    }
}
