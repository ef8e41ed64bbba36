package org.outagepredictor.simulate;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.outagepredictor.PredictionJob;
import org.outagepredictor.config.JobArguments;
import org.outagepredictor.ingest.GenericJsonWriter;
import org.outagepredictor.ingest.KafkaOptions;
import org.outagepredictor.ingest.KafkaOutputs;
import org.outagepredictor.ingest.KeyedJson;

/**
 * The fleet simulator as a job of its own: writes the simulated fleet's events to a Kafka topic as
 * generic JSON events keyed by device ({@link GenericJsonWriter}), for a prediction job that reads
 * Kafka ({@code job.input kafka}) to consume, as it would consume the operations tools' topics.
 * Descriptor: jobs/fleet-simulator.yaml.
 *
 * <p>Options: the simulator's ({@code simulator.*}, including {@code simulator.events-per-second}
 * and {@code simulator.max-events}), {@code simulator.topic} (ops.events), {@code
 * kafka.bootstrap-servers} and {@code kafka.properties.*}. At least once: after a restore the
 * simulator starts its fleet again (it does not checkpoint its position), so use it for
 * demonstrations and load, not as a record of truth.
 */
public final class FleetToKafkaJob {

    public static final ConfigOption<String> TOPIC =
            ConfigOptions.key("simulator.topic")
                    .stringType()
                    .defaultValue("ops.events")
                    .withDescription(
                            "Topic the simulator job writes the fleet's events to, as generic JSON"
                                    + " events keyed by device.");

    private FleetToKafkaJob() {}

    public static List<ConfigOption<?>> options() {
        List<ConfigOption<?>> all = new ArrayList<>(List.of(TOPIC));
        all.add(PredictionJob.SIMULATOR_EVENTS_PER_SECOND);
        all.add(PredictionJob.SIMULATOR_MAX_EVENTS);
        all.addAll(SimulatorOptions.options());
        all.addAll(KafkaOptions.options());
        return all;
    }

    /** Adds the simulator and its Kafka output to {@code env}. */
    public static void build(Configuration options, StreamExecutionEnvironment env) {
        Configuration pipeline = new Configuration();
        pipeline.set(PipelineOptions.GENERIC_TYPES, false);
        pipeline.set(PipelineOptions.AUTO_GENERATE_UIDS, false);
        env.configure(pipeline);
        SimulatorOptions simulator = SimulatorOptions.from(options);
        long maxEvents = options.get(PredictionJob.SIMULATOR_MAX_EVENTS);
        env.fromSource(
                        FleetSource.create(
                                simulator,
                                maxEvents > 0 ? maxEvents : Long.MAX_VALUE,
                                options.get(PredictionJob.SIMULATOR_EVENTS_PER_SECOND)),
                        WatermarkStrategy.noWatermarks(),
                        "Fleet simulator")
                .uid("fleet-simulator")
                .setParallelism(Math.min(env.getParallelism(), simulator.devices))
                .map(event -> new KeyedJson(event.deviceId, GenericJsonWriter.toJson(event)))
                .uid("generic-json")
                .name("Events as generic JSON")
                .sinkTo(KafkaOutputs.atLeastOnce(KafkaOptions.from(options), options.get(TOPIC)))
                .uid("kafka-output")
                .name("Events to Kafka");
    }

    public static void main(String[] args) throws Exception {
        Configuration options = JobArguments.parse(args, options());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        build(options, env);
        env.execute("Fleet simulator to Kafka");
    }
}
