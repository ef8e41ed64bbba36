package org.outagepredictor.ingest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.PriorityQueue;
import java.util.Properties;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.outagepredictor.config.JobArguments;
import org.outagepredictor.event.OpsEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays files of the tools' formats into Kafka at a chosen speed-up, in event-time order: each
 * line (one record per line; {@code .gz} files are decompressed) goes unchanged to the first topic
 * that {@code kafka.inputs} names for its format, keyed by its device, when as much wall-clock time
 * has passed since the start as its event time is after the first record's, divided by the
 * speed-up. The records keep their own event times, so the prediction job sees the history as it
 * happened, only faster. Descriptor: jobs/replay.yaml.
 *
 * <p>Event times are read with the job's own ingest code and {@code mapping.*} options. A line that
 * gives no valid event is sent as it is, at the time of the line before it, so that the job turns
 * it into a dead letter just as it would the original. Files are merged by event time, each assumed
 * to be in time order itself (as logs and exports are).
 *
 * <p>Options: {@code replay.files} (required), {@code replay.speed-up} (60), and the job's {@code
 * kafka.*}, {@code mapping.*} and {@code ingest.*} options. The Kafka time stamp of a replayed
 * record is the time it was sent; when replaying history older than {@code ingest.max-past-age} (30
 * d), raise that option for the prediction job that reads it.
 */
public final class Replay {

    private static final Logger LOG = LoggerFactory.getLogger(Replay.class);

    public static final ConfigOption<String> FILES =
            ConfigOptions.key("replay.files")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Files to replay by format: format:path[,path...] entries separated by"
                                    + " ';', for example servicenow:incidents.jsonl;panos:fw.log."
                                    + " A directory stands for the files in it.");

    public static final ConfigOption<Double> SPEED_UP =
            ConfigOptions.key("replay.speed-up")
                    .doubleType()
                    .defaultValue(60.0)
                    .withDescription(
                            "How much faster than it happened the history is replayed: 60 plays an"
                                    + " hour in a minute; 0 as fast as possible.");

    /** How often progress is logged. */
    private static final long PROGRESS_EVERY_MILLIS = 10_000;

    private Replay() {}

    public static List<ConfigOption<?>> options() {
        List<ConfigOption<?>> all = new ArrayList<>(List.of(FILES, SPEED_UP));
        all.addAll(KafkaOptions.options());
        all.addAll(MappingOptions.options());
        all.addAll(IngestOptions.options());
        return all;
    }

    /** What a replay sent. */
    public static final class Summary {
        public long records;
        public long withoutEventTime;
        public long firstEventTime = Long.MAX_VALUE;
        public long lastEventTime = Long.MIN_VALUE;

        @Override
        public String toString() {
            return String.format(
                    Locale.ROOT,
                    "%d records sent (%d without a valid event, sent as they are), event time %s"
                            + " to %s",
                    records,
                    withoutEventTime,
                    records == 0 ? "-" : java.time.Instant.ofEpochMilli(firstEventTime),
                    records == 0 ? "-" : java.time.Instant.ofEpochMilli(lastEventTime));
        }
    }

    public static void main(String[] args) throws Exception {
        Configuration options = JobArguments.parse(args, options());
        System.out.println(run(options));
    }

    /** Replays the files of {@code replay.files}; returns when all are sent. */
    public static Summary run(Configuration options) throws IOException, InterruptedException {
        String files = options.get(FILES);
        if (files == null) {
            throw new IllegalArgumentException("--" + FILES.key() + " is required");
        }
        KafkaOptions kafka = KafkaOptions.from(options);
        double speedUp = options.get(SPEED_UP);
        if (!(speedUp >= 0)) {
            throw new IllegalArgumentException(SPEED_UP.key() + " must not be negative");
        }
        RecordIngester ingester =
                new RecordIngester(IngestOptions.from(options), FieldMapping.from(options));
        PriorityQueue<Reader> readers =
                new PriorityQueue<>(
                        Comparator.comparingLong((Reader r) -> r.time)
                                .thenComparingInt(r -> r.index));
        for (Reader reader : open(files, kafka, ingester)) {
            if (reader.advance()) {
                readers.add(reader);
            }
        }
        Properties producerConfig = new Properties();
        producerConfig.putAll(kafka.clientProperties());
        producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers);
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        producerConfig.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        producerConfig.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);

        Summary summary = new Summary();
        long wallStart = System.currentTimeMillis();
        long lastProgress = wallStart;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig)) {
            while (!readers.isEmpty()) {
                Reader reader = readers.poll();
                if (summary.records == 0) {
                    summary.firstEventTime = reader.time;
                }
                if (speedUp > 0) {
                    long due =
                            wallStart + (long) ((reader.time - summary.firstEventTime) / speedUp);
                    long wait = due - System.currentTimeMillis();
                    if (wait > 0) {
                        Thread.sleep(wait);
                    }
                }
                producer.send(
                        new ProducerRecord<>(
                                reader.topic,
                                reader.key == null
                                        ? null
                                        : reader.key.getBytes(StandardCharsets.UTF_8),
                                reader.line.getBytes(StandardCharsets.UTF_8)));
                summary.records++;
                summary.withoutEventTime += reader.valid ? 0 : 1;
                summary.lastEventTime = Math.max(summary.lastEventTime, reader.time);
                if (reader.advance()) {
                    readers.add(reader);
                } else {
                    reader.close();
                }
                long now = System.currentTimeMillis();
                if (now - lastProgress >= PROGRESS_EVERY_MILLIS) {
                    lastProgress = now;
                    LOG.info(
                            "Replayed {} records, event time {}",
                            summary.records,
                            java.time.Instant.ofEpochMilli(summary.lastEventTime));
                }
            }
            producer.flush();
        }
        return summary;
    }

    private static List<Reader> open(String files, KafkaOptions kafka, RecordIngester ingester)
            throws IOException {
        List<Reader> readers = new ArrayList<>();
        for (String entry : files.split(";")) {
            if (entry.isBlank()) {
                continue;
            }
            int colon = entry.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException(
                        FILES.key() + ": expected format:path[,path...], found '" + entry + "'");
            }
            String format =
                    InputFormat.fromConfigName(entry.substring(0, colon).trim()).configName();
            List<String> topics = kafka.inputs.get(format);
            if (topics == null) {
                throw new IllegalArgumentException(
                        FILES.key()
                                + ": "
                                + format
                                + " has no topic in "
                                + KafkaOptions.INPUTS.key()
                                + " to replay into");
            }
            for (String path : entry.substring(colon + 1).split(",")) {
                for (Path file : filesOf(Path.of(path.trim()))) {
                    readers.add(new Reader(readers.size(), file, format, topics.get(0), ingester));
                }
            }
        }
        return readers;
    }

    private static List<Path> filesOf(Path path) throws IOException {
        if (!Files.isDirectory(path)) {
            if (!Files.isRegularFile(path)) {
                throw new IOException("No file " + path.toAbsolutePath() + " to replay");
            }
            return List.of(path);
        }
        try (Stream<Path> files = Files.list(path)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        }
    }

    /** One file's lines, each with its event time and device. */
    private static final class Reader {
        final int index;
        final String format;
        final String topic;
        final RecordIngester ingester;
        final BufferedReader lines;
        String line;
        String key;
        long time = Long.MIN_VALUE;
        boolean valid;

        Reader(int index, Path file, String format, String topic, RecordIngester ingester)
                throws IOException {
            this.index = index;
            this.format = format;
            this.topic = topic;
            this.ingester = ingester;
            InputStream in = Files.newInputStream(file);
            if (file.getFileName().toString().endsWith(".gz")) {
                in = new GZIPInputStream(in);
            }
            this.lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        }

        /** Reads the next non-blank line; false at the end of the file. */
        boolean advance() throws IOException {
            do {
                line = lines.readLine();
            } while (line != null && line.isBlank());
            if (line == null) {
                return false;
            }
            RawRecord record = RawRecord.of(format, line.getBytes(StandardCharsets.UTF_8));
            IngestResult result = ingester.ingestHistory(record, System.currentTimeMillis());
            valid = !result.isDeadLetter() && !result.events().isEmpty();
            if (valid) {
                OpsEvent first = result.events().get(0);
                time = first.eventTime;
                key = first.deviceId;
            } else {
                // Keeps its place: sent right after the line before it.
                key = null;
                if (time == Long.MIN_VALUE) {
                    time = 0;
                }
            }
            return true;
        }

        void close() throws IOException {
            lines.close();
        }
    }
}
