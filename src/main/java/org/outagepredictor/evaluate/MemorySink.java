package org.outagepredictor.evaluate;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.outagepredictor.flinkcompat.VersionedSink;

/**
 * Keeps a job's output in the JVM that runs it: for the evaluation, which runs the job in a local
 * environment and computes its figures afterwards, and for tests on a MiniCluster. Each instance
 * has its own id, so jobs that run at the same time do not see each other's records; {@link #clear}
 * lets go of them.
 */
public class MemorySink<T> extends VersionedSink<T> {

    private static final long serialVersionUID = 1L;
    private static final Map<String, List<Object>> RESULTS = new ConcurrentHashMap<>();

    private final String id = UUID.randomUUID().toString();

    public MemorySink() {
        RESULTS.put(id, Collections.synchronizedList(new ArrayList<>()));
    }

    /** What all parallel writers of this sink have received so far. */
    @SuppressWarnings("unchecked")
    public List<T> results() {
        return new ArrayList<>((List<T>) (List<?>) RESULTS.get(id));
    }

    /** Forgets the records. */
    public void clear() {
        RESULTS.remove(id);
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) {
        List<Object> results = RESULTS.get(id);
        return new SinkWriter<>() {
            @Override
            public void write(T element, Context context) {
                results.add(element);
            }

            @Override
            public void flush(boolean endOfInput) {}

            @Override
            public void close() {}
        };
    }
}
