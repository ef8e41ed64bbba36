package org.outagepredictor.simulate;

import static org.apache.flink.util.Preconditions.checkArgument;
import static org.apache.flink.util.Preconditions.checkNotNull;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.outagepredictor.event.OpsEvent;

/**
 * The {@link FleetSimulator} as a Flink source (Source V2, built on {@link DataGeneratorSource}).
 * Each source subtask simulates its own share of the devices: subtask {@code k} of {@code p} runs
 * the devices whose index {@code i} has {@code i % p == k}.
 *
 * <p>For a given seed and source parallelism the events are deterministic: each subtask emits a
 * prefix of what {@code new FleetSimulator(options, k, p)} generates, in non-decreasing event time,
 * so {@code WatermarkStrategy.forMonotonousTimestamps()} holds per subtask. How many events each
 * subtask emits depends on how the generator's splits fall to the subtasks; a device's history
 * itself does not depend on the parallelism.
 *
 * <p>Known limit: the simulator's state is not checkpointed. After a restore each subtask starts
 * its world again at the start time while the event count carries on, so event time jumps back.
 * Good enough for demos and load tests; do not use it to test exactly-once.
 */
public final class FleetSource {

    private FleetSource() {}

    /**
     * A source of simulated fleet events.
     *
     * @param maxEvents events over all subtasks; {@code Long.MAX_VALUE} for an endless source
     * @param eventsPerSecond events per second over all subtasks, shared out evenly among them; 0
     *     or less for as fast as the job takes them
     */
    public static DataGeneratorSource<OpsEvent> create(
            SimulatorOptions options, long maxEvents, double eventsPerSecond) {
        checkNotNull(options, "options");
        checkArgument(maxEvents > 0, "maxEvents must be positive, got %s", maxEvents);
        checkArgument(!Double.isNaN(eventsPerSecond), "eventsPerSecond must be a number, got NaN");
        FleetGenerator generator = new FleetGenerator(options);
        TypeInformation<OpsEvent> type = TypeInformation.of(OpsEvent.class);
        if (eventsPerSecond <= 0) {
            return new DataGeneratorSource<>(generator, maxEvents, type);
        }
        return new DataGeneratorSource<>(
                generator, maxEvents, RateLimiterStrategy.perSecond(eventsPerSecond), type);
    }

    /**
     * Ignores the sequence number the data generator hands in and returns the simulator's next
     * event: the simulator keeps its own order, which a sequence number could not reproduce.
     */
    static final class FleetGenerator implements GeneratorFunction<Long, OpsEvent> {

        private static final long serialVersionUID = 1L;

        private final SimulatorOptions options;
        private transient FleetSimulator simulator;

        FleetGenerator(SimulatorOptions options) {
            this.options = options;
        }

        @Override
        public void open(SourceReaderContext readerContext) {
            simulator =
                    new FleetSimulator(
                            options,
                            readerContext.getIndexOfSubtask(),
                            readerContext.currentParallelism());
        }

        @Override
        public OpsEvent map(Long sequenceNumber) {
            return simulator.next();
        }
    }
}
