package org.outagepredictor.benchmark;

import java.nio.ByteBuffer;
import java.util.Random;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
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
 * What the prediction job does beyond this is the cost of the product itself. With a value size,
 * the count is written in an array of that many bytes, the rest of them random (so that RocksDB
 * cannot compress them away): the engine's cost for values as large as the job's.
 */
final class FloorJob {

    private FloorJob() {}

    static void build(
            StreamExecutionEnvironment env,
            Source<OpsEvent, ?, ?> source,
            WatermarkStrategy<OpsEvent> watermarks,
            int valueBytes) {
        env.fromSource(source, watermarks, "Fleet simulator")
                .uid("fleet-simulator")
                .keyBy(event -> event.deviceId, Types.STRING)
                .process(
                        valueBytes == 0
                                ? new CountPerDevice()
                                : new CountPerDeviceInBytes(valueBytes))
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

    /**
     * The device's event count in the first eight of {@code valueBytes} bytes, read and written on
     * every event.
     */
    static final class CountPerDeviceInBytes extends KeyedProcessFunction<String, OpsEvent, Long> {

        private static final long serialVersionUID = 1L;

        private final int valueBytes;
        private transient ValueState<byte[]> value;

        CountPerDeviceInBytes(int valueBytes) {
            this.valueBytes = valueBytes;
        }

        @Override
        public void open(OpenContext openContext) {
            value =
                    getRuntimeContext()
                            .getState(
                                    new ValueStateDescriptor<>(
                                            "count-in-bytes",
                                            PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        }

        @Override
        public void processElement(OpsEvent event, Context ctx, Collector<Long> out)
                throws Exception {
            byte[] bytes = value.value();
            if (bytes == null) {
                bytes = new byte[valueBytes];
                new Random(event.deviceId.hashCode()).nextBytes(bytes);
                ByteBuffer.wrap(bytes).putLong(0, 0L);
            }
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            buffer.putLong(0, buffer.getLong(0) + 1);
            value.update(bytes);
        }
    }
}
