package org.outagepredictor.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.outagepredictor.event.OpsEvent;
import org.outagepredictor.event.OpsEventTypeInfo;

/** The simulator as a Flink source, at parallelism 2 in a local environment without Kryo. */
class FleetSourceTest {

    @Test
    void eventsHaveTheirOwnSerializerWithoutAGenericFallback() {
        assertThat(TypeInformation.of(OpsEvent.class)).isInstanceOf(OpsEventTypeInfo.class);
    }

    @Test
    void eachSubtaskSimulatesItsOwnHalfOfTheFleet() throws Exception {
        Configuration config = new Configuration();
        config.set(SimulatorOptions.DEVICES, 40);
        SimulatorOptions options = SimulatorOptions.from(config);

        Configuration pipeline = new Configuration();
        pipeline.set(PipelineOptions.GENERIC_TYPES, false);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2);
        env.configure(pipeline);

        // The limit is above what the bounded source emits: the job runs to its end.
        List<OpsEvent> events =
                env.fromSource(
                                FleetSource.create(options, 20_000, 0),
                                WatermarkStrategy.noWatermarks(),
                                "fleet")
                        .executeAndCollect(30_000);

        assertThat(events).hasSize(20_000);
        // What the two subtasks emitted is what the plain simulator gives for each half.
        Set<OpsEvent> expected = new HashSet<>(new FleetSimulator(options, 0, 2).take(10_000));
        expected.addAll(new FleetSimulator(options, 1, 2).take(10_000));
        assertThat(new HashSet<>(events)).isEqualTo(expected);
        Set<String> devices = new HashSet<>();
        events.forEach(e -> devices.add(e.deviceId));
        assertThat(devices).hasSize(40);
    }
}
