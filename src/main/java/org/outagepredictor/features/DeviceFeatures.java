package org.outagepredictor.features;

import java.util.EnumMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.outagepredictor.event.EventKind;
import org.outagepredictor.event.OpsEvent;

/**
 * Keeps each device's {@link DeviceState} in keyed state (RocksDB in production) and emits a {@link
 * FeatureSnapshot} per event, at most one per snapshot interval per device (a change always
 * produces one). Sampled snapshots wait in keyed state ({@link PendingExamples}) for the label that
 * what happens next gives them; labelled examples leave through the side output {@link
 * #LABELED_EXAMPLES}. The arithmetic is in {@link FeatureCalculator} and {@link Labeller}; this
 * operator only reads and writes state, keeps the timers and counts.
 *
 * <p>Timers. Each device keeps one event-time timer of its own ({@link
 * DeviceState#cleanupTimerAt}): at the negative-label time of its oldest waiting snapshot while any
 * wait, otherwise at its idle deadline (its last event time plus the idle timeout). When it fires
 * it labels what is due, then registers the next one, or forgets the device if it has been quiet
 * for the whole idle timeout. Events do not move it (that would cost a RocksDB write per event for
 * the timer alone): when the device's own clock labels the snapshot it waits for, it fires, finds
 * nothing due and registers the next one. Only a kept snapshot due earlier than it replaces it. One
 * timer rather than one per waiting snapshot and one for the cleanup halves the timers of a large
 * fleet's new devices, each of which creates state and keeps its first snapshot. (State that
 * earlier builds wrote comes with a timer per waiting snapshot; each fires once, labels what is due
 * by then, as the device's own timer would, and registers nothing.)
 *
 * <p>Consecutive events of one device (a collector reports a device's metrics together; a
 * firewall's log lines come in runs) reuse the state that the previous event wrote instead of
 * reading it back from RocksDB: a read is most of the cost of an event in a large fleet. Every
 * event still writes its state. The reused state is dropped when a timer fires and at every
 * checkpoint, so that the heap state backend, which keeps the very object written and snapshots it
 * asynchronously, copies it on its next read before anything changes it.
 *
 * <p>Metrics: {@code eventsIn_<KIND>} per event kind, {@code snapshots}, {@code labelsPositive},
 * {@code labelsNegative} (after sampling), {@code labelsDropped} (too late to warn of, mitigated,
 * or undecided when the input ended) and {@code pendingFull} (snapshots not kept because their
 * device had {@code labels.max-pending} waiting).
 */
public class DeviceFeatures extends KeyedProcessFunction<String, OpsEvent, FeatureSnapshot>
        implements CheckpointedFunction {

    private static final long serialVersionUID = 1L;

    public static final String STATE_NAME = "device-state";
    public static final String PENDING_STATE_NAME = "pending-examples";

    /** Labelled examples for the trainer. */
    public static final OutputTag<LabeledExample> LABELED_EXAMPLES =
            new OutputTag<>("labeled-examples", TypeInformation.of(LabeledExample.class));

    private final FeatureCalculator calculator;
    private final Labeller labeller;

    private transient ValueState<DeviceState> deviceState;
    private transient ValueState<PendingExamples> pendingState;

    /** The device whose state the last event wrote, and that state; null if none may be reused. */
    private transient String lastWrittenDevice;

    private transient DeviceState lastWrittenState;
    private transient Map<EventKind, Counter> eventsIn;
    private transient Counter snapshots;
    private transient Counter labelsPositive;
    private transient Counter labelsNegative;
    private transient Counter labelsDropped;
    private transient Counter pendingFull;

    public DeviceFeatures(FeatureOptions features, LabelOptions labels) {
        if (features.idleTimeoutMillis <= labels.negativeAfterMillis()) {
            throw new IllegalArgumentException(
                    String.format(
                            "%s must be longer than %s plus %s, so that a device is not"
                                    + " forgotten while its snapshots wait for their labels",
                            FeatureOptions.IDLE_TIMEOUT.key(),
                            LabelOptions.HORIZON.key(),
                            LabelOptions.LATE_INCIDENT_GRACE.key()));
        }
        this.calculator = new FeatureCalculator(features);
        this.labeller = new Labeller(labels);
    }

    @Override
    public void open(OpenContext openContext) {
        deviceState =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        STATE_NAME, DeviceStateSerializer.INSTANCE));
        pendingState =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        PENDING_STATE_NAME, PendingExamplesSerializer.INSTANCE));
        MetricGroup metrics = getRuntimeContext().getMetricGroup();
        eventsIn = new EnumMap<>(EventKind.class);
        for (EventKind kind : EventKind.values()) {
            eventsIn.put(kind, metrics.counter("eventsIn_" + kind.name()));
        }
        snapshots = metrics.counter("snapshots");
        labelsPositive = metrics.counter("labelsPositive");
        labelsNegative = metrics.counter("labelsNegative");
        labelsDropped = metrics.counter("labelsDropped");
        pendingFull = metrics.counter("pendingFull");
    }

    @Override
    public void processElement(OpsEvent event, Context ctx, Collector<FeatureSnapshot> out)
            throws Exception {
        eventsIn.get(event.kind).inc();
        String device = ctx.getCurrentKey();
        DeviceState state =
                device.equals(lastWrittenDevice) ? lastWrittenState : deviceState.value();
        if (state != null && event.eventTime > idleDeadline(state)) {
            // The device was quiet for longer than the idle timeout before this event, but the
            // watermark has not fired its cleanup timer yet: forget it first, as the timer would
            // have, so that whether the device starts afresh does not depend on the watermark.
            forget(state, ctx);
            state = null;
        }
        boolean fresh = state == null;
        if (fresh) {
            state = calculator.newState(event);
        }
        calculator.update(state, event);
        if (labeller.isOutage(event)) {
            calculator.recordOutage(state, event);
        }
        boolean decides = event.kind == EventKind.INCIDENT || event.kind == EventKind.FEEDBACK;
        if (decides || event.eventTime >= state.nextLabelDue) {
            label(state, event, ctx);
        }
        if (calculator.shouldSnapshot(state, event)) {
            FeatureSnapshot snapshot = calculator.snapshot(ctx.getCurrentKey(), state);
            out.collect(snapshot);
            snapshots.inc();
            offer(state, snapshot, event.kind == EventKind.CHANGE, ctx);
        }
        if (fresh) {
            // A new device has no timer yet.
            schedule(state, ctx);
        } else if (state.nextLabelDue < state.cleanupTimerAt) {
            ctx.timerService().deleteEventTimeTimer(state.cleanupTimerAt);
            schedule(state, ctx);
        }
        deviceState.update(state);
        lastWrittenDevice = device;
        lastWrittenState = state;
    }

    /** Drops the state kept for reuse: a checkpoint may be reading the very object. */
    @Override
    public void snapshotState(FunctionSnapshotContext context) {
        forgetLastWritten();
    }

    @Override
    public void initializeState(FunctionInitializationContext context) {}

    private void forgetLastWritten() {
        lastWrittenDevice = null;
        lastWrittenState = null;
    }

    /**
     * Registers the device's timer at its next label due time, or at its idle deadline if none
     * waits.
     */
    private void schedule(DeviceState state, Context ctx) {
        state.cleanupTimerAt =
                state.nextLabelDue != Long.MAX_VALUE ? state.nextLabelDue : idleDeadline(state);
        ctx.timerService().registerEventTimeTimer(state.cleanupTimerAt);
    }

    /**
     * Labels what {@code event} decides, and the snapshots that the device's own clock has carried
     * past their negative-label time. The latter is what labels in a batch run, where timers fire
     * only at the end; in a streaming run the timers usually come first. Either way the late-
     * incident grace is the assumption: an incident reaches the job less than that after the
     * device's other events of the same time.
     */
    private void label(DeviceState state, OpsEvent event, Context ctx) throws Exception {
        PendingExamples pending = pendingState.value();
        if (pending == null) {
            state.nextLabelDue = Long.MAX_VALUE;
            return;
        }
        int before = pending.size();
        String device = ctx.getCurrentKey();
        int dropped = labeller.onEvent(pending, device, event, e -> emit(ctx, e));
        dropped +=
                labeller.expire(
                        pending, device, event.eventTime, Long.MAX_VALUE, e -> emit(ctx, e));
        labelsDropped.inc(dropped);
        // The device's timer stays where it is: if nothing it waited for is left, it fires, finds
        // nothing due and registers the next one.
        store(state, pending, before);
    }

    /**
     * Offers {@code snapshot} to the waiting ones. Reads them from state only when the snapshot may
     * be kept: when none wait ({@link DeviceState#nextLabelDue} unset) there is nothing to read,
     * and a snapshot before the sample interval has passed ({@link DeviceState#lastSampledTime})
     * that is not a change would not be kept. Most snapshots are of the second kind, so this saves
     * most of the RocksDB reads of waiting snapshots.
     */
    private void offer(DeviceState state, FeatureSnapshot snapshot, boolean atChange, Context ctx)
            throws Exception {
        PendingExamples pending;
        if (state.nextLabelDue == Long.MAX_VALUE) {
            pending = new PendingExamples();
        } else if (!labeller.dueForSampling(state.lastSampledTime, snapshot.eventTime, atChange)) {
            return;
        } else {
            pending = pendingState.value();
            if (pending == null) {
                pending = new PendingExamples();
            }
        }
        switch (labeller.offer(pending, snapshot, atChange)) {
            case KEPT:
                state.lastSampledTime = pending.lastSampledTime;
                store(state, pending, -1);
                break;
            case FULL:
                pendingFull.inc();
                break;
            case NOT_DUE:
                break;
        }
    }

    /**
     * Writes {@code pending} back if its size changed from {@code before}, and its next due time.
     */
    private void store(DeviceState state, PendingExamples pending, int before) throws Exception {
        state.nextLabelDue = labeller.nextDue(pending);
        if (pending.isEmpty()) {
            pendingState.clear();
        } else if (pending.size() != before) {
            pendingState.update(pending);
        }
    }

    private void emit(Context ctx, LabeledExample example) {
        if (example.positive) {
            labelsPositive.inc();
        } else {
            labelsNegative.inc();
        }
        ctx.output(LABELED_EXAMPLES, example);
    }

    /** Event time at which the device's timer forgets it if no event comes first. */
    private long idleDeadline(DeviceState state) {
        return state.lastEventTime + calculator.options().idleTimeoutMillis;
    }

    /**
     * Forgets the device as its timer would at {@link #idleDeadline}: labels the waiting snapshots
     * that the timer has not labelled yet (all are due by then, since the idle timeout is longer
     * than any label waits), then drops its state and its timer.
     */
    private void forget(DeviceState state, Context ctx) throws Exception {
        PendingExamples pending = pendingState.value();
        if (pending != null) {
            labelsDropped.inc(
                    labeller.expire(
                            pending,
                            ctx.getCurrentKey(),
                            idleDeadline(state),
                            Long.MAX_VALUE,
                            e -> emit(ctx, e)));
        }
        ctx.timerService().deleteEventTimeTimer(state.cleanupTimerAt);
        deviceState.clear();
        pendingState.clear();
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<FeatureSnapshot> out)
            throws Exception {
        forgetLastWritten();
        DeviceState state = deviceState.value();
        if (state == null) {
            return;
        }
        // At the end of the input (a bounded run; a batch run, where timers fire only then) only
        // the device's own last event vouches for how far its history is known.
        boolean inputEnded = ctx.timerService().currentWatermark() == Long.MAX_VALUE;
        boolean own = timestamp == state.cleanupTimerAt;
        // At the end of the input the device's own timer labels everything still waiting: a batch
        // run ignores timers registered then, so there is no next one.
        long labelUntil = inputEnded && own ? Long.MAX_VALUE : timestamp;
        boolean changed = labelUntil >= state.nextLabelDue;
        if (changed) {
            PendingExamples pending = pendingState.value();
            if (pending == null) {
                state.nextLabelDue = Long.MAX_VALUE;
            } else {
                int before = pending.size();
                long observedUntil = inputEnded ? state.lastEventTime : Long.MAX_VALUE;
                labelsDropped.inc(
                        labeller.expire(
                                pending,
                                ctx.getCurrentKey(),
                                labelUntil,
                                observedUntil,
                                e -> emit(ctx, e)));
                store(state, pending, before);
            }
        }
        if (own) {
            if (inputEnded
                    || (state.nextLabelDue == Long.MAX_VALUE && idleDeadline(state) <= timestamp)) {
                // The input is over and every waiting snapshot has been decided; or the device
                // was quiet for longer than any label waits, so nothing waits any more.
                deviceState.clear();
                pendingState.clear();
                return;
            }
            schedule(state, ctx);
            changed = true;
        }
        if (changed) {
            deviceState.update(state);
        }
    }
}
