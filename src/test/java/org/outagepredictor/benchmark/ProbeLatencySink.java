package org.outagepredictor.benchmark;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.outagepredictor.alerting.Score;
import org.outagepredictor.flinkcompat.VersionedSink;

/**
 * Takes the scorer's scores and keeps, for each latency probe of {@link BenchmarkEvents}, the time
 * from its emission by the source to its score reaching this sink, in nanoseconds. Every other
 * score is dropped. In-JVM (a MiniCluster), so the latencies are static.
 */
final class ProbeLatencySink extends VersionedSink<Score> {

    private static final long serialVersionUID = 1L;

    private static final Queue<Long> LATENCIES = new ConcurrentLinkedQueue<>();

    /** The probes' latencies, in nanoseconds, in no particular order. */
    static List<Long> latencies() {
        return new ArrayList<>(LATENCIES);
    }

    @Override
    public SinkWriter<Score> createWriter(WriterInitContext context) {
        return new SinkWriter<>() {
            @Override
            public void write(Score score, Context context) {
                if (score.deviceId.startsWith(BenchmarkEvents.PROBE_PREFIX)) {
                    long emitted =
                            Long.parseLong(
                                    score.deviceId.substring(
                                            BenchmarkEvents.PROBE_PREFIX.length()));
                    LATENCIES.add(System.nanoTime() - emitted);
                }
            }

            @Override
            public void flush(boolean endOfInput) {}

            @Override
            public void close() {}
        };
    }
}
