package org.outagepredictor.features;

import java.util.EnumMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.outagepredictor.event.EventKind;
import org.outagepredictor.event.OpsEvent;

/**
 * Keeps each device's {@link DeviceState} in keyed state (RocksDB in production) and emits a {@link
 * FeatureSnapshot} per event, at most one per snapshot interval per device (a change always
 * produces one). The arithmetic is in {@link FeatureCalculator}; this operator only reads and
 * writes state, keeps the cleanup timer and counts.
 *
 * <p>State is bounded by an event-time timer: each device has exactly one, at its last event time
 * plus the idle timeout. When it fires and the device has been quiet for the whole timeout, the
 * state is dropped; otherwise the timer moves to the new deadline. Registering a timer on every
 * event would be simpler but would cost a RocksDB write per event for the timer alone.
 *
 * <p>Metrics: {@code eventsIn_<KIND>} per event kind and {@code snapshots}.
 */
public class DeviceFeatures extends KeyedProcessFunction<String, OpsEvent, FeatureSnapshot> {

    private static final long serialVersionUID = 1L;

    public static final String STATE_NAME = "device-state";

    private final FeatureCalculator calculator;

    private transient ValueState<DeviceState> deviceState;
    private transient Map<EventKind, Counter> eventsIn;
    private transient Counter snapshots;

    public DeviceFeatures(FeatureOptions options) {
        this.calculator = new FeatureCalculator(options);
    }

    @Override
    public void open(OpenContext openContext) {
        deviceState =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        STATE_NAME, TypeInformation.of(DeviceState.class)));
        MetricGroup metrics = getRuntimeContext().getMetricGroup();
        eventsIn = new EnumMap<>(EventKind.class);
        for (EventKind kind : EventKind.values()) {
            eventsIn.put(kind, metrics.counter("eventsIn_" + kind.name()));
        }
        snapshots = metrics.counter("snapshots");
    }

    @Override
    public void processElement(OpsEvent event, Context ctx, Collector<FeatureSnapshot> out)
            throws Exception {
        eventsIn.get(event.kind).inc();
        DeviceState state = deviceState.value();
        if (state == null) {
            state = calculator.newState(event);
            ctx.timerService()
                    .registerEventTimeTimer(
                            event.eventTime + calculator.options().idleTimeoutMillis);
        }
        calculator.update(state, event);
        if (calculator.shouldSnapshot(state, event)) {
            out.collect(calculator.snapshot(ctx.getCurrentKey(), state));
            snapshots.inc();
        }
        deviceState.update(state);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<FeatureSnapshot> out)
            throws Exception {
        DeviceState state = deviceState.value();
        if (state == null) {
            return;
        }
        long deadline = state.lastEventTime + calculator.options().idleTimeoutMillis;
        if (deadline > timestamp) {
            ctx.timerService().registerEventTimeTimer(deadline);
        } else {
            deviceState.clear();
        }
    }
}
