package org.outagepredictor.flinkcompat;

import java.io.IOException;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Base of the project's Sink V2 implementations on Flink 1.20, where {@link Sink} still declares
 * the deprecated {@code createWriter(InitContext)}. Flink 1.20 creates writers through {@link
 * #createWriter(WriterInitContext)}, the only method Flink 2.x has; the twin of this class in
 * src/flink2 declares just that one.
 */
public abstract class VersionedSink<T> implements Sink<T> {

    @Override
    public abstract SinkWriter<T> createWriter(WriterInitContext context) throws IOException;

    @Override
    @Deprecated
    @SuppressWarnings("deprecation")
    public final SinkWriter<T> createWriter(InitContext context) {
        throw new UnsupportedOperationException(
                "Flink 1.20 creates sink writers through createWriter(WriterInitContext)");
    }
}
