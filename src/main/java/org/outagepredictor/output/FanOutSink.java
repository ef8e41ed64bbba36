package org.outagepredictor.output;

import java.io.IOException;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.outagepredictor.flinkcompat.VersionedSink;

/**
 * Two plain sinks as one operator: every record goes to both writers. For the embedded run's local
 * outputs (a file and the in-JVM risk board), which need no commit; a committing sink (Kafka
 * exactly once) must stay an operator of its own.
 */
public final class FanOutSink<T> extends VersionedSink<T> {

    private static final long serialVersionUID = 1L;

    private final Sink<T> first;
    private final Sink<T> second;

    public FanOutSink(Sink<T> first, Sink<T> second) {
        this.first = first;
        this.second = second;
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) throws IOException {
        SinkWriter<T> one = first.createWriter(context);
        SinkWriter<T> two = second.createWriter(context);
        return new SinkWriter<>() {
            @Override
            public void write(T element, Context writeContext)
                    throws IOException, InterruptedException {
                one.write(element, writeContext);
                two.write(element, writeContext);
            }

            @Override
            public void flush(boolean endOfInput) throws IOException, InterruptedException {
                one.flush(endOfInput);
                two.flush(endOfInput);
            }

            @Override
            public void close() throws Exception {
                try {
                    one.close();
                } finally {
                    two.close();
                }
            }
        };
    }
}
