package org.outagepredictor.benchmark;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.outagepredictor.ingest.FieldMapping;
import org.outagepredictor.ingest.IngestOptions;
import org.outagepredictor.ingest.IngestResult;
import org.outagepredictor.ingest.RawRecord;
import org.outagepredictor.ingest.RecordIngester;

/**
 * Parses one representative record per input format over and over on one thread, through the whole
 * {@link RecordIngester} path (size and UTF-8 checks, parser, event validation), and prints records
 * per second for each. A benchmark, not a test: run it with scripts/bench.sh.
 *
 * <p>Argument: {@code [SECONDS]} measured per record type (default 5), after a warm-up of the same
 * length. The records are this project's fixtures (src/test/resources/ingest/) and, for Puppet YAML
 * and Chef, the public examples in ../shared/datasets/. The age limit is lifted so that the old
 * public examples pass; the check itself still runs. Without Flink: the operator around the
 * ingester adds a counter increment per record.
 */
public final class ParseBenchmark {

    private static final Path DATASETS = Path.of("../shared/datasets");

    private ParseBenchmark() {}

    public static void main(String[] args) throws Exception {
        long nanosPerRecordType =
                Duration.ofSeconds(args.length > 0 ? Long.parseLong(args[0]) : 5).toNanos();

        Map<String, RawRecord> records = new LinkedHashMap<>();
        records.put(
                "servicenow incident", record("servicenow", resource("servicenow-incident.json")));
        records.put(
                "servicenow 2 changes (envelope)",
                record("servicenow", resource("servicenow-change-envelope.json")));
        records.put(
                "puppet JSON report", record("puppet", resource("puppet-report-format12.json")));
        records.put(
                "puppet YAML 2.6 report",
                record("puppet", dataset("puppet-reports/report2.6.x.yaml")));
        records.put(
                "chef run_converge (87 KB)",
                record(
                        "chef",
                        dataset("chef-automate-ingest-examples/converge-success-report.json")));
        records.put(
                "chef node action",
                record("chef", dataset("chef-automate-ingest-examples/action_node_create.json")));
        records.put(
                "panos TRAFFIC CSV",
                record("panos", firstLine(resource("panos-traffic-threat.log"))));
        records.put(
                "splunk-hec event", record("splunk-hec", firstLine(resource("splunk-hec.json"))));
        records.put("solarwinds alert", record("solarwinds", resource("solarwinds-trigger.json")));
        records.put(
                "alertmanager webhook (2 alerts)",
                record("alertmanager", resource("alertmanager-webhook.json")));
        records.put(
                "generic-json event",
                record(
                        "generic-json",
                        utf8(
                                "{\"device\": \"lb-02\", \"time\": \"2026-11-24T10:05:00Z\", \"kind\": \"metric\", \"metric\": \"active_connections\", \"value\": 18211}")));

        Configuration config = new Configuration();
        config.set(IngestOptions.MAX_PAST_AGE, Duration.ofDays(36500));
        RecordIngester ingester =
                new RecordIngester(IngestOptions.from(config), FieldMapping.defaults());
        long now = System.currentTimeMillis();

        System.out.println(
                String.format(
                        Locale.ROOT,
                        "%-34s %8s %14s %10s",
                        "record",
                        "bytes",
                        "records/s",
                        "MB/s"));
        for (Map.Entry<String, RawRecord> entry : records.entrySet()) {
            RawRecord record = entry.getValue();
            IngestResult check = ingester.ingest(record, now);
            if (check.isDeadLetter()) {
                throw new IllegalStateException(entry.getKey() + ": " + check.deadLetter().error);
            }
            run(ingester, record, now, nanosPerRecordType); // warm-up
            long[] counted = run(ingester, record, now, nanosPerRecordType);
            double perSecond = counted[0] * 1e9 / counted[1];
            System.out.println(
                    String.format(
                            Locale.ROOT,
                            "%-34s %8d %,14.0f %10.1f",
                            entry.getKey(),
                            record.value.length,
                            perSecond,
                            perSecond * record.value.length / 1e6));
        }
    }

    /**
     * Records ingested and nanoseconds taken; checking each result keeps the work from being
     * elided.
     */
    private static long[] run(RecordIngester ingester, RawRecord record, long now, long nanos) {
        long start = System.nanoTime();
        long records = 0;
        long valid = 0;
        long elapsed;
        do {
            for (int i = 0; i < 1000; i++) {
                valid += ingester.ingest(record, now).isDeadLetter() ? 0 : 1;
            }
            records += 1000;
            elapsed = System.nanoTime() - start;
        } while (elapsed < nanos);
        if (valid != records) {
            throw new IllegalStateException("dead letters from " + record);
        }
        return new long[] {records, elapsed};
    }

    private static RawRecord record(String format, byte[] value) {
        RawRecord record = RawRecord.of(format, value);
        record.topic = "bench";
        return record;
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = ParseBenchmark.class.getResourceAsStream("/ingest/" + name)) {
            return in.readAllBytes();
        }
    }

    private static byte[] dataset(String relative) throws IOException {
        return Files.readAllBytes(DATASETS.resolve(relative));
    }

    private static byte[] firstLine(byte[] text) {
        return utf8(new String(text, StandardCharsets.UTF_8).lines().findFirst().orElseThrow());
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
