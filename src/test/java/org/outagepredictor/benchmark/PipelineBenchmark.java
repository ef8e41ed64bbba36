package org.outagepredictor.benchmark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.outagepredictor.PredictionJob;
import org.outagepredictor.alerting.Alert;
import org.outagepredictor.features.FeatureOptions;
import org.outagepredictor.simulate.FleetSource;
import org.outagepredictor.simulate.SimulatorOptions;

/**
 * Runs the embedded prediction pipeline on the simulator for a fixed number of events and prints
 * events per second. A benchmark, not a test: run it with scripts/bench.sh.
 *
 * <p>Arguments: {@code EVENTS DEVICES [PARALLELISM] [STATE_BACKEND]}, defaults parallelism 2 and
 * rocksdb. Checkpoints every 10 s to a temporary directory, 512 MB of managed memory, warm-up off.
 * The figure covers the whole job run, start-up included, with the simulator generating the events
 * inside the job (it takes part of the same two cores).
 */
public final class PipelineBenchmark {

    private PipelineBenchmark() {}

    public static void main(String[] args) throws Exception {
        long events = Long.parseLong(args[0]);
        int devices = Integer.parseInt(args[1]);
        int parallelism = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        String stateBackend = args.length > 3 ? args[3] : "rocksdb";

        Path checkpoints = Files.createTempDirectory("bench-checkpoints");
        Configuration flink = new Configuration();
        flink.setString("state.backend.type", stateBackend);
        flink.setString("execution.checkpointing.incremental", "true");
        flink.setString("execution.checkpointing.interval", "10 s");
        flink.setString("execution.checkpointing.dir", checkpoints.toUri().toString());
        flink.setString("taskmanager.memory.managed.size", "512m");
        flink.setString("taskmanager.numberOfTaskSlots", String.valueOf(parallelism));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(flink);
        env.setParallelism(parallelism);

        Configuration options = new Configuration();
        options.set(SimulatorOptions.DEVICES, devices);
        // Measure the steady state, where every event can lead to a scored snapshot: with the
        // default hour of warm-up a short run would mostly measure devices not yet scored.
        options.set(FeatureOptions.WARMUP, Duration.ZERO);
        JobExecutionResult result =
                new PredictionJob(
                                options,
                                PredictionJob.loadStartModel(options),
                                FleetSource.create(SimulatorOptions.from(options), events, 0),
                                new DiscardingSink<Alert>())
                        .execute(env);
        double seconds = result.getNetRuntime() / 1000.0;
        System.out.println(
                String.format(
                        Locale.ROOT,
                        "pipeline: %d events, %d devices, parallelism %d, %s: %.1f s, %.0f events/s",
                        events,
                        devices,
                        parallelism,
                        stateBackend,
                        seconds,
                        events / seconds));
    }
}
