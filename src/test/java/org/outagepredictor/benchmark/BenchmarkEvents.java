package org.outagepredictor.benchmark;

import java.util.HashSet;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.outagepredictor.event.EventKind;
import org.outagepredictor.event.OpsEvent;
import org.outagepredictor.simulate.FleetSimulator;
import org.outagepredictor.simulate.SimulatorOptions;

/**
 * The benchmark's events: the fleet simulator's, each source subtask its share of the devices, in
 * two phases. First as fast as the job takes them: until every device has sent an event (the
 * driver's warm-up: the fleet's states created, the code compiled), then for the throughput figure;
 * then, once the driver sets {@link #PACED_RATE}, at that rate with a latency probe every {@code
 * probeIntervalMillis} of wall-clock time: a metric sample of a device never seen before, named
 * {@value #PROBE_PREFIX}{@code <System.nanoTime() at emission>}. A new device is scored on its
 * first event, so the probe's score tells when its event reached the scorer, where an alert is
 * decided ({@link ProbeLatencySink}).
 *
 * <p>The benchmark runs in one JVM (a MiniCluster), so the counters are static, shared with the
 * driver ({@link PipelineBenchmark}).
 */
final class BenchmarkEvents implements GeneratorFunction<Long, OpsEvent> {

    private static final long serialVersionUID = 1L;

    static final String PROBE_PREFIX = "latency-probe-";

    /** Events emitted by all subtasks so far. */
    static final AtomicLong EMITTED = new AtomicLong();

    /** {@link System#nanoTime} of the first event. */
    static final AtomicLong FIRST_EMITTED_NANOS = new AtomicLong();

    /** Distinct simulated devices emitted so far, over all subtasks. */
    static final AtomicLong DEVICES_EMITTED = new AtomicLong();

    /** Events per second over all subtasks in the second phase; 0 while in the first. */
    static volatile double pacedRate;

    /** Each subtask's distinct devices, merged by {@link #devicesSeen}. */
    private static final Queue<Set<String>> DEVICES_SEEN = new ConcurrentLinkedQueue<>();

    private final SimulatorOptions options;
    private final long probeIntervalNanos;

    private transient FleetSimulator simulator;
    private transient int parallelism;
    private transient Set<String> devices;
    private transient long pacedSince;
    private transient long pacedEvents;
    private transient long nextProbeNanos;
    private transient long lastEventTime;

    /**
     * @param probeIntervalMillis 0 for no probes
     */
    BenchmarkEvents(SimulatorOptions options, long probeIntervalMillis) {
        this.options = options;
        this.probeIntervalNanos = probeIntervalMillis * 1_000_000L;
    }

    @Override
    public void open(SourceReaderContext readerContext) {
        simulator =
                new FleetSimulator(
                        options,
                        readerContext.getIndexOfSubtask(),
                        readerContext.currentParallelism());
        parallelism = readerContext.currentParallelism();
        devices = new HashSet<>();
        DEVICES_SEEN.add(devices);
    }

    @Override
    public OpsEvent map(Long sequenceNumber) {
        if (EMITTED.incrementAndGet() == 1) {
            FIRST_EMITTED_NANOS.set(System.nanoTime());
        }
        double rate = pacedRate / parallelism;
        if (rate > 0) {
            long now = pace(rate);
            if (probeIntervalNanos > 0 && now >= nextProbeNanos) {
                nextProbeNanos = now + probeIntervalNanos;
                OpsEvent probe = OpsEvent.of(EventKind.METRIC, PROBE_PREFIX + now, lastEventTime);
                probe.deviceClass = "server";
                probe.source = "benchmark";
                probe.metricName = "cpu";
                probe.value = 50;
                return probe;
            }
        }
        OpsEvent event = simulator.next();
        lastEventTime = event.eventTime;
        if (devices.add(event.deviceId)) {
            DEVICES_EMITTED.incrementAndGet();
        }
        return event;
    }

    /** Waits until this subtask's next event is due at {@code rate} per second; returns now. */
    private long pace(double rate) {
        long now = System.nanoTime();
        if (pacedEvents == 0) {
            pacedSince = now;
            nextProbeNanos = now + probeIntervalNanos;
        }
        long due = pacedSince + (long) (pacedEvents++ * 1e9 / rate);
        while (now < due) {
            LockSupport.parkNanos(due - now);
            now = System.nanoTime();
        }
        return now;
    }

    /** Distinct simulated devices emitted so far, over all subtasks (call when they stopped). */
    static long devicesSeen() {
        Set<String> all = new HashSet<>();
        DEVICES_SEEN.forEach(all::addAll);
        return all.size();
    }
}
