package org.outagepredictor.model;

import java.io.IOException;
import java.nio.file.Path;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.outagepredictor.flinkcompat.VersionedSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes each published {@link ModelVersion} to a {@link ModelDirectory}, from where a later run
 * can start ({@code model.start}) and Flink ML tools can read it. Run it at parallelism 1.
 *
 * <p>The directory must be reachable from the TaskManager that runs this sink: on a cluster, a
 * shared or mounted volume. After a restore the trainer publishes again from the checkpointed
 * version, so a version written before the failure may be written again with the coefficients that
 * the restored run learned; the file is then replaced in one step.
 */
public class ModelDirectorySink extends VersionedSink<ModelVersion> {

    private static final long serialVersionUID = 1L;

    private static final Logger LOG = LoggerFactory.getLogger(ModelDirectorySink.class);

    private final String directory;

    public ModelDirectorySink(String directory) {
        this.directory = directory;
    }

    @Override
    public SinkWriter<ModelVersion> createWriter(WriterInitContext context) {
        ModelDirectory models = new ModelDirectory(Path.of(directory));
        return new SinkWriter<>() {
            @Override
            public void write(ModelVersion version, Context context) throws IOException {
                Path file = models.write(version);
                LOG.info("Wrote model version {} to {}", version.version, file);
            }

            @Override
            public void flush(boolean endOfInput) {}

            @Override
            public void close() {}
        };
    }
}
