package org.outagepredictor.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.outagepredictor.PredictionJob;
import org.outagepredictor.event.OpsEvent;
import org.outagepredictor.simulate.FleetToKafkaJob;
import org.outagepredictor.simulate.SimulatorOptions;
import org.outagepredictor.testutils.KafkaBrokerExtension;
import org.outagepredictor.testutils.MiniClusters;

/** The jobs that fill the input topics: the fleet simulator job and the replay. */
class KafkaToolsITCase {

    @RegisterExtension
    @Order(1)
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @RegisterExtension
    @Order(2)
    static final MiniClusterExtension CLUSTER = MiniClusters.oneTaskManager(2);

    @Test
    void theSimulatorJobWritesTheFleetAsGenericJsonEventsKeyedByDevice() throws Exception {
        KAFKA.createTopic("it.fleet", 2);
        Configuration options = new Configuration();
        options.set(KafkaOptions.BOOTSTRAP_SERVERS, KAFKA.bootstrapServers());
        options.set(FleetToKafkaJob.TOPIC, "it.fleet");
        options.set(SimulatorOptions.DEVICES, 20);
        options.set(PredictionJob.SIMULATOR_MAX_EVENTS, 5_000L);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        FleetToKafkaJob.build(options, env);
        env.execute("Fleet simulator to Kafka");

        List<ConsumerRecord<byte[], byte[]>> records = KAFKA.readCommitted("it.fleet");
        RecordParser parser = InputFormat.GENERIC_JSON.parser(FieldMapping.defaults());
        assertThat(records).hasSize(5_000);
        for (ConsumerRecord<byte[], byte[]> record : records) {
            List<OpsEvent> events = parser.parse(record.value());
            assertThat(events).hasSize(1);
            assertThat(new String(record.key(), StandardCharsets.UTF_8))
                    .isEqualTo(events.get(0).deviceId);
        }
    }

    @Test
    void theReplayMergesFilesByEventTimeAtTheChosenSpeed(@TempDir Path dir) throws Exception {
        KAFKA.createTopic("it.replay.events", 1);
        KAFKA.createTopic("it.replay.servicenow", 1);
        long t0 = 1_795_514_400_000L; // 2026-11-24T08:00:00Z
        List<String> events = new ArrayList<>();
        for (int minute = 0; minute < 10; minute++) {
            events.add(
                    String.format(
                            Locale.ROOT,
                            "{\"device\":\"web01\",\"time\":%d,\"kind\":\"log\",\"severity\":"
                                    + "\"info\"}",
                            t0 + minute * 60_000L));
            if (minute == 4) {
                events.add("not an event");
            }
        }
        Files.write(dir.resolve("events.jsonl"), events);
        Files.write(
                dir.resolve("changes.jsonl"),
                List.of(
                        "{\"number\":\"CHG1\",\"cmdb_ci\":\"web01\",\"type\":\"normal\","
                                + "\"start_date\":\"2026-11-24 08:02:30\"}",
                        "{\"number\":\"CHG2\",\"cmdb_ci\":\"web01\",\"type\":\"normal\","
                                + "\"start_date\":\"2026-11-24 08:07:30\"}"));
        Configuration options = new Configuration();
        options.set(KafkaOptions.BOOTSTRAP_SERVERS, KAFKA.bootstrapServers());
        options.set(
                KafkaOptions.INPUTS,
                "generic-json:it.replay.events;servicenow:it.replay.servicenow");
        options.set(
                Replay.FILES,
                "generic-json:"
                        + dir.resolve("events.jsonl")
                        + ";servicenow:"
                        + dir.resolve("changes.jsonl"));
        // Nine minutes of history at 600 times: 0.9 s.
        options.set(Replay.SPEED_UP, 600.0);

        long start = System.nanoTime();
        Replay.Summary summary = Replay.run(options);
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;

        assertThat(summary.records).isEqualTo(13);
        assertThat(summary.withoutEventTime).isEqualTo(1);
        assertThat(elapsedMillis).as("paced by event time").isGreaterThanOrEqualTo(900);
        assertThat(KAFKA.readCommitted("it.replay.events"))
                .extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
                .containsExactlyElementsOf(events);
        assertThat(KAFKA.readCommitted("it.replay.servicenow"))
                .extracting(r -> new String(r.key(), StandardCharsets.UTF_8))
                .containsExactly("web01", "web01");
    }
}
