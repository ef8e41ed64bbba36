package org.outagepredictor.benchmark;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.util.Collector;
import org.outagepredictor.event.OpsEvent;

/**
 * The engine's floor for the benchmark: the prediction job's source, watermarks and keyBy device,
 * and a function that only reads and writes one small value per event (the device's event count).
 * What the prediction job does beyond this is the cost of the product itself.
 */
final class FloorJob {

    private FloorJob() {}

    static void build(
            StreamExecutionEnvironment env,
            Source<OpsEvent, ?, ?> source,
            WatermarkStrategy<OpsEvent> watermarks) {
        env.fromSource(source, watermarks, "Fleet simulator")
                .uid("fleet-simulator")
                .keyBy(event -> event.deviceId, Types.STRING)
                .process(new CountPerDevice())
                .uid("count-per-device")
                .name("Count per device")
                .sinkTo(new DiscardingSink<>())
                .uid("discard");
    }

    /** One long per device, read and written on every event; emits nothing. */
    static final class CountPerDevice extends KeyedProcessFunction<String, OpsEvent, Long> {

        private static final long serialVersionUID = 1L;

        private transient ValueState<Long> count;

        @Override
        public void open(OpenContext openContext) {
            count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Types.LONG));
        }

        @Override
        public void processElement(OpsEvent event, Context ctx, Collector<Long> out)
                throws Exception {
            Long seen = count.value();
            count.update(seen == null ? 1L : seen + 1);
        }
    }
}
