package org.outagepredictor.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.outagepredictor.event.OpsEvent;

/**
 * Test records: this project's own fixtures (src/test/resources/ingest/) and the shared public
 * datasets, which tests read in place from ../shared/datasets/ and never copy into the repository.
 */
final class Fixtures {

    static final Path DATASETS = Path.of("../shared/datasets");

    private Fixtures() {}

    static byte[] resource(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/ingest/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("No test resource ingest/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] dataset(String relative) {
        try {
            return Files.readAllBytes(DATASETS.resolve(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> datasetLines(String relative) {
        try {
            return Files.readAllLines(DATASETS.resolve(relative), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static long millis(String isoInstant) {
        return Instant.parse(isoInstant).toEpochMilli();
    }

    /** A parser of the given format with the default mapping plus the given options. */
    static RecordParser parser(InputFormat format, String... keyValues) {
        return format.parser(mapping(keyValues));
    }

    static FieldMapping mapping(String... keyValues) {
        Configuration config = new Configuration();
        for (int i = 0; i < keyValues.length; i += 2) {
            config.setString(keyValues[i], keyValues[i + 1]);
        }
        return FieldMapping.from(config);
    }

    /** Parses and returns the only event. */
    static OpsEvent single(RecordParser parser, byte[] record) throws MalformedRecordException {
        List<OpsEvent> events = parser.parse(record);
        if (events.size() != 1) {
            throw new AssertionError("Expected one event, got " + events);
        }
        return events.get(0);
    }
}
