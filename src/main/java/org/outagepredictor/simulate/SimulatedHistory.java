package org.outagepredictor.simulate;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;
import org.outagepredictor.config.JobArguments;
import org.outagepredictor.event.OpsEvent;
import org.outagepredictor.ingest.GenericJsonWriter;

/**
 * Writes some days of the simulated fleet as a history file: gzip-compressed JSON lines in the
 * generic JSON event schema ({@link GenericJsonWriter}, docs/inputs.md), in event-time order.
 * Deterministic for a given seed. The bootstrap trainer reads such files.
 *
 * <p>Options, besides the simulator's ({@code simulator.*}): {@code history.output} (required),
 * {@code history.days} (7).
 */
public final class SimulatedHistory {

    public static final ConfigOption<String> OUTPUT =
            ConfigOptions.key("history.output")
                    .stringType()
                    .noDefaultValue()
                    .withDescription("File to write, gzip-compressed JSON lines (.jsonl.gz).");

    public static final ConfigOption<Integer> DAYS =
            ConfigOptions.key("history.days")
                    .intType()
                    .defaultValue(7)
                    .withDescription("Days of history to simulate.");

    private SimulatedHistory() {}

    public static List<ConfigOption<?>> options() {
        List<ConfigOption<?>> all = new ArrayList<>(List.of(OUTPUT, DAYS));
        all.addAll(SimulatorOptions.options());
        return all;
    }

    /** Writes the history and returns the number of events written. */
    public static long write(SimulatorOptions simulator, int days, Path output) throws IOException {
        long end = simulator.startTime.toEpochMilli() + Duration.ofDays(days).toMillis();
        Path parent = output.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        long events = 0;
        FleetSimulator fleet = new FleetSimulator(simulator, 0, 1);
        try (BufferedWriter out =
                new BufferedWriter(
                        new OutputStreamWriter(
                                new GZIPOutputStream(Files.newOutputStream(output), 1 << 16),
                                StandardCharsets.UTF_8),
                        1 << 16)) {
            for (OpsEvent event = fleet.next(); event.eventTime < end; event = fleet.next()) {
                out.write(GenericJsonWriter.toJson(event));
                out.newLine();
                events++;
            }
        }
        return events;
    }

    public static void main(String[] args) throws IOException {
        Configuration options = JobArguments.parse(args, options());
        String output = options.get(OUTPUT);
        if (output == null) {
            throw new IllegalArgumentException("--" + OUTPUT.key() + " FILE is required");
        }
        long events = write(SimulatorOptions.from(options), options.get(DAYS), Path.of(output));
        System.out.println("Wrote " + events + " events to " + output);
    }
}
