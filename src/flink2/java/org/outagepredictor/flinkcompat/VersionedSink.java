package org.outagepredictor.flinkcompat;

import java.io.IOException;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Base of the project's Sink V2 implementations on Flink 2.x. Its twin in src/flink1 also
 * implements the {@code createWriter(InitContext)} that Flink 1.20 still declares.
 */
public abstract class VersionedSink<T> implements Sink<T> {

    @Override
    public abstract SinkWriter<T> createWriter(WriterInitContext context) throws IOException;
}
