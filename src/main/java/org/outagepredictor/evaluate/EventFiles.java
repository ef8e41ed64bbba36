package org.outagepredictor.evaluate;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.outagepredictor.event.OpsEvent;
import org.outagepredictor.ingest.FieldMapping;
import org.outagepredictor.ingest.GenericJsonWriter;
import org.outagepredictor.ingest.IngestOptions;
import org.outagepredictor.ingest.IngestResult;
import org.outagepredictor.ingest.InputFormat;
import org.outagepredictor.ingest.RawRecord;
import org.outagepredictor.ingest.RecordIngester;

/**
 * Event files of the evaluation: one record per line in any of the job's line formats, read with
 * the job's own ingest code ({@link RecordIngester}, {@code mapping.*} options); and the job's
 * source over a file of generic JSON events, which replays it in file order with event time taken
 * from the events.
 */
public final class EventFiles {

    private EventFiles() {}

    /** The events of a file and the lines that gave none. */
    public static final class Read {
        public final List<OpsEvent> events = new ArrayList<>();
        public long lines;
        public long rejected;
        public String firstRejection;
    }

    /**
     * Reads {@code file} ({@code .gz} allowed) line by line as {@code format} and returns the
     * events in event-time order (stable). Event times are not checked against the wall clock: this
     * is history.
     */
    public static Read read(Path file, String format, IngestOptions ingest, FieldMapping mapping)
            throws IOException {
        String configName = InputFormat.fromConfigName(format).configName();
        RecordIngester ingester = new RecordIngester(ingest, mapping);
        Read read = new Read();
        try (BufferedReader in = open(file)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                read.lines++;
                IngestResult result =
                        ingester.ingestHistory(
                                RawRecord.of(configName, line.getBytes(StandardCharsets.UTF_8)),
                                0L);
                if (result.isDeadLetter()) {
                    if (read.rejected++ == 0) {
                        read.firstRejection = result.deadLetter().error;
                    }
                } else {
                    read.events.addAll(result.events());
                }
            }
        }
        read.events.sort(Comparator.comparingLong(e -> e.eventTime));
        return read;
    }

    /** Writes the events as generic JSON lines, in the order given. */
    public static void write(List<OpsEvent> events, Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (OpsEvent event : events) {
                out.write(GenericJsonWriter.toJson(event));
                out.newLine();
            }
        }
    }

    /**
     * A bounded source of the {@code count} generic JSON events in {@code file}, in file order; run
     * it at parallelism 1 so that the order, and so event time, is the file's.
     */
    public static DataGeneratorSource<OpsEvent> source(Path file, long count) {
        return new DataGeneratorSource<>(
                new LineReader(file.toAbsolutePath().toString()),
                count,
                TypeInformation.of(OpsEvent.class));
    }

    private static BufferedReader open(Path file) throws IOException {
        if (file.toString().endsWith(".gz")) {
            return new BufferedReader(
                    new java.io.InputStreamReader(
                            new GZIPInputStream(Files.newInputStream(file)),
                            StandardCharsets.UTF_8));
        }
        return Files.newBufferedReader(file, StandardCharsets.UTF_8);
    }

    /** Ignores the generator's sequence number and returns the file's next event. */
    private static final class LineReader implements GeneratorFunction<Long, OpsEvent> {

        private static final long serialVersionUID = 1L;

        private final String file;
        private transient BufferedReader in;
        private transient RecordIngester ingester;

        LineReader(String file) {
            this.file = file;
        }

        @Override
        public void open(SourceReaderContext readerContext) throws IOException {
            in = EventFiles.open(Path.of(file));
            ingester = new RecordIngester(IngestOptions.defaults(), FieldMapping.defaults());
        }

        @Override
        public OpsEvent map(Long sequenceNumber) throws IOException {
            String line = in.readLine();
            if (line == null) {
                throw new IllegalStateException(file + " has fewer events than counted");
            }
            IngestResult result =
                    ingester.ingestHistory(
                            RawRecord.of(
                                    InputFormat.GENERIC_JSON.configName(),
                                    line.getBytes(StandardCharsets.UTF_8)),
                            0L);
            if (result.isDeadLetter() || result.events().size() != 1) {
                throw new IllegalStateException(
                        "Not one generic JSON event in " + file + ": " + line);
            }
            return result.events().get(0);
        }

        @Override
        public void close() throws IOException {
            if (in != null) {
                in.close();
            }
        }
    }
}
