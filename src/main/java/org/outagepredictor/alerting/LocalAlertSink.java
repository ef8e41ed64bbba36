package org.outagepredictor.alerting;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.outagepredictor.flinkcompat.VersionedSink;

/**
 * The embedded run's alert output: one readable line per trigger and resolve on standard output,
 * and one JSON object per alert (refreshes too) appended to a local file. Run it at parallelism 1,
 * so that one file holds all alerts.
 *
 * <p>At-least-once: a restore from a checkpoint replays the alerts after it, which may write an
 * alert that was already written. Alerts carry a dedup key for exactly that. The Kafka alerts topic
 * is the exactly-once output for production.
 */
public class LocalAlertSink extends VersionedSink<Alert> {

    private static final long serialVersionUID = 1L;

    private final boolean print;
    private final String jsonLinesFile;

    /**
     * @param print whether to print each alert readably on standard output
     * @param jsonLinesFile path of the file to append JSON lines to, or {@code null} for none
     */
    public LocalAlertSink(boolean print, String jsonLinesFile) {
        this.print = print;
        this.jsonLinesFile = jsonLinesFile;
    }

    @Override
    public SinkWriter<Alert> createWriter(WriterInitContext context) throws IOException {
        BufferedWriter file = null;
        if (jsonLinesFile != null) {
            Path path = Path.of(jsonLinesFile).toAbsolutePath();
            Files.createDirectories(path.getParent());
            file =
                    Files.newBufferedWriter(
                            path,
                            StandardCharsets.UTF_8,
                            StandardOpenOption.CREATE,
                            StandardOpenOption.APPEND);
        }
        return new Writer(print ? System.out : null, file);
    }

    private static final class Writer implements SinkWriter<Alert> {
        private final PrintStream console;
        private final BufferedWriter file;

        Writer(PrintStream console, BufferedWriter file) {
            this.console = console;
            this.file = file;
        }

        @Override
        public void write(Alert alert, Context context) throws IOException {
            // Refreshes say only that an alert is still open: on the console that is noise.
            if (console != null && alert.status != AlertStatus.REFRESH) {
                console.println(AlertText.format(alert));
            }
            if (file != null) {
                file.write(AlertJson.toJson(alert));
                file.newLine();
                // Alerts are few; flushing each keeps the file whole when the run is killed.
                file.flush();
            }
        }

        @Override
        public void flush(boolean endOfInput) throws IOException {
            if (console != null) {
                console.flush();
            }
            if (file != null) {
                file.flush();
            }
        }

        @Override
        public void close() throws IOException {
            if (file != null) {
                file.close();
            }
        }
    }
}
