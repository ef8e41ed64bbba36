package org.outagepredictor.testutils;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.outagepredictor.flinkcompat.VersionedSink;

/**
 * Like {@link CollectingSink}, but also records when (wall clock, ms) each record arrived, for
 * tests that bound how long something takes to propagate through a job on a MiniCluster.
 */
public class ArrivalRecordingSink<T> extends VersionedSink<T> {

    private static final long serialVersionUID = 1L;
    private static final Map<String, List<Arrival<?>>> RESULTS = new ConcurrentHashMap<>();

    private final String id = java.util.UUID.randomUUID().toString();

    /** One record and the wall-clock time it reached the sink. */
    public static final class Arrival<T> {
        public final T value;
        public final long arrivedAt;

        Arrival(T value, long arrivedAt) {
            this.value = value;
            this.arrivedAt = arrivedAt;
        }
    }

    public ArrivalRecordingSink() {
        RESULTS.put(id, new CopyOnWriteArrayList<>());
    }

    @SuppressWarnings("unchecked")
    public List<Arrival<T>> arrivals() {
        return new ArrayList<>((List<Arrival<T>>) (List<?>) RESULTS.get(id));
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) {
        List<Arrival<?>> results = RESULTS.get(id);
        return new SinkWriter<>() {
            @Override
            public void write(T element, Context context) {
                results.add(new Arrival<>(element, System.currentTimeMillis()));
            }

            @Override
            public void flush(boolean endOfInput) {}

            @Override
            public void close() {}
        };
    }
}
