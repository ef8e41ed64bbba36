package org.outagepredictor.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/** Parsing of the kafka.* options, and the transport's records as Flink POJOs. */
class KafkaOptionsTest {

    @Test
    void defaultsReadEveryToolsTopicAndWriteTheOutputTopics() {
        KafkaOptions options = KafkaOptions.defaults();

        assertThat(options.bootstrapServers).isEqualTo("127.0.0.1:9092");
        assertThat(options.inputs)
                .containsKeys(
                        "servicenow",
                        "puppet",
                        "chef",
                        "panos",
                        "splunk-hec",
                        "solarwinds",
                        "alertmanager",
                        "generic-json")
                .containsEntry("generic-json", List.of("ops.events"));
        assertThat(options.startingOffsets)
                .isEqualTo(KafkaOptions.StartingOffsets.COMMITTED_OR_EARLIEST);
        assertThat(options.alertsTopic).isEqualTo("outage.alerts");
        assertThat(options.transactionTimeout.toMinutes())
                .as("below the brokers' default transaction.max.timeout.ms of 15 min")
                .isLessThan(15);
        assertThat(options.clientProperties()).isEmpty();
    }

    @Test
    void inputsMapFormatsToTopicsInOrder() {
        Configuration config = new Configuration();
        config.setString(
                KafkaOptions.INPUTS.key(),
                " puppet : ops.puppet ; generic-json:ops.events, ops.metrics;");

        Map<String, List<String>> inputs = KafkaOptions.from(config).inputs;

        assertThat(inputs)
                .containsExactly(
                        Map.entry("puppet", List.of("ops.puppet")),
                        Map.entry("generic-json", List.of("ops.events", "ops.metrics")));
    }

    @Test
    void inputsThatCannotBeMeantAreRejected() {
        for (String inputs :
                List.of(
                        "",
                        "ops.events",
                        "chef:x;chef:y",
                        "chef:x;puppet:x",
                        "chef:x,",
                        ":x",
                        "splunk:ops.splunk")) {
            Configuration config = new Configuration();
            config.setString(KafkaOptions.INPUTS.key(), inputs);
            assertThatThrownBy(() -> KafkaOptions.from(config))
                    .as(inputs)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(KafkaOptions.INPUTS.key());
        }
    }

    @Test
    void startingOffsetsAreWrittenAsInTheDocs() {
        Configuration config = new Configuration();
        config.setString(KafkaOptions.STARTING_OFFSETS.key(), "committed-or-earliest");
        assertThat(KafkaOptions.from(config).startingOffsets)
                .isEqualTo(KafkaOptions.StartingOffsets.COMMITTED_OR_EARLIEST);
        config.setString(KafkaOptions.STARTING_OFFSETS.key(), "latest");
        assertThat(KafkaOptions.from(config).startingOffsets)
                .isEqualTo(KafkaOptions.StartingOffsets.LATEST);
    }

    @Test
    void prefixedPropertiesPassThroughWithoutThePrefix() {
        Configuration config = new Configuration();
        config.setString("kafka.properties.security.protocol", "SASL_SSL");
        config.setString("kafka.group-id", "g");

        KafkaOptions options = KafkaOptions.from(config);

        assertThat(options.clientProperties())
                .containsOnly(Map.entry("security.protocol", "SASL_SSL"));
        // Each client gets a copy of its own.
        options.clientProperties().clear();
        assertThat(options.clientProperties()).hasSize(1);
    }

    @Test
    void recordsAreFlinkPojos() throws IOException {
        RawRecord raw = new RawRecord();
        raw.format = "panos";
        raw.topic = "ops.panos";
        raw.partition = 1;
        raw.offset = 42;
        raw.timestamp = 1000;
        raw.key = null;
        raw.value = new byte[] {(byte) 0xFF, 0};

        RawRecord copy = roundTrip(RawRecord.class, raw);

        assertThat(copy).usingRecursiveComparison().isEqualTo(raw);
        assertThat(roundTrip(KeyedJson.class, new KeyedJson("k", "{}")))
                .usingRecursiveComparison()
                .isEqualTo(new KeyedJson("k", "{}"));
    }

    /** Serialises with generic types disabled, as the job runs: Kryo would make this throw. */
    private static <T> T roundTrip(Class<T> type, T value) throws IOException {
        assertThat(TypeInformation.of(type)).isInstanceOf(PojoTypeInfo.class);
        SerializerConfigImpl config = new SerializerConfigImpl();
        config.setGenericTypes(false);
        TypeSerializer<T> serializer = TypeInformation.of(type).createSerializer(config);
        DataOutputSerializer out = new DataOutputSerializer(64);
        serializer.serialize(value, out);
        return serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
    }
}
