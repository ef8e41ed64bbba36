package org.outagepredictor.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.streaming.util.TestStreamEnvironment;
import org.apache.flink.util.FileUtils;
import org.outagepredictor.PredictionJob;
import org.outagepredictor.alerting.Alert;
import org.outagepredictor.event.OpsEvent;
import org.outagepredictor.features.FeatureOptions;
import org.outagepredictor.simulate.SimulatorOptions;
import org.outagepredictor.testutils.MiniClusters;

/**
 * One benchmark run, in its own JVM: the prediction job or the engine's floor ({@link FloorJob}) on
 * the fleet simulator, on a MiniCluster with checkpoints every 10 s. A benchmark, not a test: run
 * it with scripts/bench.sh, which runs every combination and writes docs/benchmarks.md's table.
 *
 * <p>Arguments: {@code JOB STATE_BACKEND DEVICES EVENTS RESULTS_FILE [FLINK_SETTINGS]}: {@code
 * pipeline}, {@code floor}, or {@code floor:BYTES} (the floor with a value of that many bytes
 * instead of a {@code Long}: the engine's cost for values as large as the job's); {@code rocksdb}
 * or {@code hashmap}; the simulated fleet's size; the events measured after the warm-up; a file the
 * figures are appended to as one tab-separated line; Flink settings over the benchmark's own,
 * {@code key=value;key=value} (to try a RocksDB tuning on the job and the floor alike). Parallelism
 * 2, {@value #MANAGED_MEMORY} of managed memory (RocksDB's memtables and block cache: enough to
 * cache a 1,000,000-device fleet's state, as an operator would size it; docs/operations.md),
 * feature warm-up off (every device scored from its first event: the steady state).
 *
 * <ol>
 *   <li>Warm-up: as fast as the job takes them until every simulated device has sent an event and
 *       at least {@value #WARMUP_MIN_EVENTS} events have passed, so that what follows is the steady
 *       state of a fleet of that size (every device's state exists; the JIT compiler is done) and
 *       not the fleet appearing: at 1,000,000 devices the last device's first event comes after
 *       about 7,400,000 events.
 *   <li>Throughput: then {@code EVENTS} more as fast as the job takes them; events per second from
 *       the first of them to the last.
 *   <li>Latency (the prediction job only): 30 s at half that rate, with a latency probe every 20 ms
 *       ({@link BenchmarkEvents}); p50 and p99 of the probes after the first 5 s.
 *   <li>State: stop with a savepoint in the canonical format; its bytes over the devices that sent
 *       an event are the state bytes per device. Checkpoint figures are the REST API's summary of
 *       the run's completed checkpoints; peak memory is the process's resident set (VmHWM,
 *       RocksDB's native memory included) and the heap pools' peak.
 * </ol>
 */
public final class PipelineBenchmark {

    private static final int PARALLELISM = 2;
    private static final Duration PACED_PHASE = Duration.ofSeconds(30);
    private static final Duration PACED_SETTLE = Duration.ofSeconds(5);
    private static final long PROBE_INTERVAL_MILLIS = 20;
    private static final long WARMUP_MIN_EVENTS = 1_000_000;
    private static final String MANAGED_MEMORY = "1g";

    /**
     * Events after which the warm-up ends even if some device has not sent one yet (a fleet whose
     * devices all send something within this many events per device).
     */
    private static final long WARMUP_MAX_EVENTS_PER_DEVICE = 20;

    /** The columns of a results line, in order. */
    static final List<String> COLUMNS =
            List.of(
                    "job",
                    "backend",
                    "devices",
                    "events",
                    "seconds",
                    "events_per_s",
                    "paced_rate",
                    "latency_p50_ms",
                    "latency_p99_ms",
                    "probes",
                    "state_bytes_per_device",
                    "checkpoints",
                    "checkpoint_bytes",
                    "checkpoint_avg_ms",
                    "checkpoint_max_ms",
                    "peak_rss_mb",
                    "peak_heap_mb",
                    "warmup_events",
                    "warmup_events_per_s");

    private PipelineBenchmark() {}

    /**
     * The bytes of the floor's value for {@code floor:BYTES}, 0 for {@code floor} (a {@code Long}),
     * -1 for {@code pipeline}.
     */
    private static int floorValueBytes(String job) {
        if (job.equals("pipeline")) {
            return -1;
        }
        if (job.equals("floor")) {
            return 0;
        }
        if (job.startsWith("floor:")) {
            int bytes = Integer.parseInt(job.substring("floor:".length()));
            if (bytes >= Long.BYTES) {
                return bytes;
            }
        }
        throw new IllegalArgumentException(
                "JOB must be pipeline, floor or floor:BYTES (at least 8), got " + job);
    }

    public static void main(String[] args) throws Exception {
        String job = args[0];
        String backend = args[1];
        int devices = Integer.parseInt(args[2]);
        long events = Long.parseLong(args[3]);
        Path results = Path.of(args[4]);
        String extraSettings = args.length > 5 ? args[5] : "";
        boolean pipeline = job.equals("pipeline");
        int floorValueBytes = floorValueBytes(job);

        Path work = Files.createTempDirectory("bench-");
        Configuration flink = new Configuration();
        flink.setString("state.backend.type", backend);
        flink.setString("execution.checkpointing.incremental", "true");
        flink.setString("execution.checkpointing.interval", "10 s");
        flink.setString(
                "execution.checkpointing.dir", work.resolve("checkpoints").toUri().toString());
        flink.setString("taskmanager.memory.managed.size", MANAGED_MEMORY);
        // The RocksDB setting of config/cluster/config.yaml (a no-op on the heap backend).
        flink.setString("state.backend.rocksdb.writebuffer.count", "4");
        for (String setting : extraSettings.split(";")) {
            if (!setting.isBlank()) {
                String[] keyValue = setting.split("=", 2);
                if (keyValue.length != 2) {
                    throw new IllegalArgumentException(
                            "FLINK_SETTINGS must be key=value;key=value, got " + setting);
                }
                flink.setString(keyValue[0].trim(), keyValue[1].trim());
            }
        }
        flink.setString("rest.address", "127.0.0.1");
        flink.setString("rest.bind-address", "127.0.0.1");
        flink.setString("rest.bind-port", "0");
        MiniCluster cluster =
                new MiniCluster(
                        new MiniClusterConfiguration.Builder()
                                .setConfiguration(flink)
                                .setNumTaskManagers(1)
                                .setNumSlotsPerTaskManager(PARALLELISM)
                                .build());
        cluster.start();
        try {
            TestStreamEnvironment.setAsContext(cluster, PARALLELISM);
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            // The job's own settings (checkpoints, state backend); the cluster's are defaults only.
            env.configure(flink);

            Configuration options = new Configuration();
            options.set(SimulatorOptions.DEVICES, devices);
            options.set(FeatureOptions.WARMUP, Duration.ZERO);
            DataGeneratorSource<OpsEvent> source =
                    new DataGeneratorSource<>(
                            new BenchmarkEvents(
                                    SimulatorOptions.from(options),
                                    pipeline ? PROBE_INTERVAL_MILLIS : 0),
                            Long.MAX_VALUE,
                            TypeInformation.of(OpsEvent.class));
            if (pipeline) {
                new PredictionJob(
                                options,
                                PredictionJob.loadStartModel(options),
                                source,
                                new DiscardingSink<Alert>())
                        .withScoreSink(new ProbeLatencySink())
                        .build(env);
            } else {
                FloorJob.build(
                        env, source, PredictionJob.watermarkStrategy(options), floorValueBytes);
            }
            JobClient client = env.executeAsync(job + " benchmark");
            JobID jobId = client.getJobID();

            long warmupLimit = Math.max(WARMUP_MIN_EVENTS, WARMUP_MAX_EVENTS_PER_DEVICE * devices);
            while ((BenchmarkEvents.DEVICES_EMITTED.get() < devices
                            || BenchmarkEvents.EMITTED.get() < WARMUP_MIN_EVENTS)
                    && BenchmarkEvents.EMITTED.get() < warmupLimit) {
                Thread.sleep(10);
            }
            long start = System.nanoTime();
            long warmupEvents = BenchmarkEvents.EMITTED.get();
            double warmupRate =
                    warmupEvents / ((start - BenchmarkEvents.FIRST_EMITTED_NANOS.get()) / 1e9);
            while (BenchmarkEvents.EMITTED.get() - warmupEvents < events) {
                Thread.sleep(10);
            }
            long end = System.nanoTime();
            long emitted = BenchmarkEvents.EMITTED.get() - warmupEvents;
            double seconds = (end - start) / 1e9;
            double eventsPerSecond = emitted / seconds;

            double pacedRate = 0;
            List<Long> latencies = List.of();
            if (pipeline) {
                pacedRate = eventsPerSecond / 2;
                BenchmarkEvents.pacedRate = pacedRate;
                Thread.sleep(PACED_SETTLE.toMillis());
                int before = ProbeLatencySink.latencies().size();
                Thread.sleep(PACED_PHASE.toMillis());
                List<Long> all = ProbeLatencySink.latencies();
                latencies = new ArrayList<>(all.subList(before, all.size()));
                Collections.sort(latencies);
            }

            JsonNode checkpoints =
                    MiniClusters.rest(
                            cluster.getRestAddress().get(), "/jobs/" + jobId + "/checkpoints");
            Path savepoints = work.resolve("savepoints");
            String savepoint =
                    cluster.stopWithSavepoint(
                                    jobId,
                                    savepoints.toUri().toString(),
                                    false,
                                    SavepointFormatType.CANONICAL)
                            .get();
            client.getJobExecutionResult().get();
            long devicesSeen = BenchmarkEvents.devicesSeen();
            long savepointBytes = directorySize(Path.of(URI.create(savepoint)));

            JsonNode summary = checkpoints.path("summary");
            List<Object> row =
                    List.of(
                            job,
                            backend,
                            devices,
                            emitted,
                            round(seconds, 1),
                            Math.round(eventsPerSecond),
                            Math.round(pacedRate),
                            latencies.isEmpty() ? "-" : round(percentile(latencies, 0.50), 1),
                            latencies.isEmpty() ? "-" : round(percentile(latencies, 0.99), 1),
                            latencies.size(),
                            savepointBytes / Math.max(1, devicesSeen),
                            checkpoints.path("counts").path("completed").asLong(),
                            checkpoints
                                    .path("latest")
                                    .path("completed")
                                    .path("state_size")
                                    .asLong(),
                            summary.path("end_to_end_duration").path("avg").asLong(),
                            summary.path("end_to_end_duration").path("max").asLong(),
                            peakResidentMegabytes(),
                            peakHeapMegabytes(),
                            warmupEvents,
                            Math.round(warmupRate));
            StringBuilder line = new StringBuilder();
            StringBuilder readable = new StringBuilder("benchmark:");
            for (int i = 0; i < row.size(); i++) {
                line.append(i == 0 ? "" : "\t").append(row.get(i));
                readable.append(' ').append(COLUMNS.get(i)).append('=').append(row.get(i));
            }
            System.out.println(readable + " devices_seen=" + devicesSeen);
            if (!Files.exists(results)) {
                Files.writeString(results, String.join("\t", COLUMNS) + "\n");
            }
            Files.writeString(results, line + "\n", StandardOpenOption.APPEND);
        } finally {
            cluster.close();
            FileUtils.deleteDirectory(work.toFile());
        }
    }

    private static double percentile(List<Long> sortedNanos, double quantile) {
        int index = (int) Math.ceil(quantile * sortedNanos.size()) - 1;
        return sortedNanos.get(Math.max(0, index)) / 1e6;
    }

    private static String round(double value, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }

    private static long directorySize(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }

    /** The process's peak resident set (VmHWM of /proc/self/status), in MB; -1 if unknown. */
    private static long peakResidentMegabytes() throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.exists(status)) {
            return -1;
        }
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
            }
        }
        return -1;
    }

    private static long peakHeapMegabytes() {
        long bytes = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                bytes += pool.getPeakUsage().getUsed();
            }
        }
        return bytes / (1024 * 1024);
    }
}
