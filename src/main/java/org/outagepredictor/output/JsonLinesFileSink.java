package org.outagepredictor.output;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.outagepredictor.flinkcompat.VersionedSink;

/**
 * Appends records (POJOs with public fields) to a local file as JSON lines, flushed per record so
 * that the file is whole when the run is killed. For low-rate streams such as the trainer's
 * reports; run it at parallelism 1 so that one file holds everything. At-least-once: a restore
 * replays what came after the checkpoint.
 */
public class JsonLinesFileSink<T> extends VersionedSink<T> {

    private static final long serialVersionUID = 1L;

    private final String file;

    public JsonLinesFileSink(String file) {
        this.file = file;
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) throws IOException {
        Path path = Path.of(file).toAbsolutePath();
        Files.createDirectories(path.getParent());
        BufferedWriter out =
                Files.newBufferedWriter(
                        path,
                        StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
        ObjectMapper mapper = new ObjectMapper();
        return new SinkWriter<>() {
            @Override
            public void write(T record, Context context) throws IOException {
                out.write(mapper.writeValueAsString(record));
                out.newLine();
                out.flush();
            }

            @Override
            public void flush(boolean endOfInput) throws IOException {
                out.flush();
            }

            @Override
            public void close() throws IOException {
                out.close();
            }
        };
    }
}
