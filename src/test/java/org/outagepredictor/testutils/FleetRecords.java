package org.outagepredictor.testutils;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.outagepredictor.event.OpsEvent;
import org.outagepredictor.ingest.GenericJsonWriter;
import org.outagepredictor.simulate.FleetSimulator;
import org.outagepredictor.simulate.SimulatorOptions;

/**
 * A simulated fleet's events as Kafka records of generic JSON, keyed by device so that each
 * device's events are in order on one partition. The same arguments give the same records on the
 * same partitions, so also the same offsets, on any broker and in any build whose simulator is the
 * same: the upgrade test's savepoint, written by an older build, points at offsets of these
 * records.
 *
 * <p>Uses only classes the older builds have too ({@code UpgradeSavepointWriter} runs it on one).
 */
public final class FleetRecords {

    private FleetRecords() {}

    /**
     * Events {@code from} (inclusive) to {@code to} (exclusive) of the fleet of {@code devices}
     * devices and seed {@code seed}, for {@code topic}.
     */
    public static List<ProducerRecord<byte[], byte[]>> of(
            String topic, int devices, long seed, int from, int to) {
        Configuration config = new Configuration();
        config.set(SimulatorOptions.DEVICES, devices);
        config.set(SimulatorOptions.SEED, seed);
        FleetSimulator fleet = new FleetSimulator(SimulatorOptions.from(config));
        long now = System.currentTimeMillis();
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int i = 0; i < to; i++) {
            OpsEvent event = fleet.next();
            if (i >= from) {
                records.add(
                        new ProducerRecord<>(
                                topic,
                                null,
                                now,
                                event.deviceId.getBytes(StandardCharsets.UTF_8),
                                GenericJsonWriter.toJson(event).getBytes(StandardCharsets.UTF_8)));
            }
        }
        return records;
    }
}
