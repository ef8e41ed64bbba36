package org.outagepredictor.alerting;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.Preconditions;
import org.outagepredictor.features.Feature;
import org.outagepredictor.features.FeatureSnapshot;
import org.outagepredictor.model.LogisticModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scores each device's {@link FeatureSnapshot} with a {@link LogisticModel} and runs the device's
 * alert lifecycle ({@link AlertPolicy}), emitting TRIGGER and RESOLVE {@link Alert}s. Keyed by
 * device id.
 *
 * <p>The model travels inside the function (it is one double per feature), so no model file needs
 * to exist on TaskManagers; a new model means a new job graph, until model versions arrive by
 * broadcast.
 *
 * <p>State ({@value #STATE_NAME}, one {@link AlertState} per device) is kept only while needed. A
 * device that never reaches the trigger threshold leaves none. While an alert is open, one
 * event-time timer waits at {@code lastSeen + stale-after}: snapshots move {@code lastSeen} but not
 * the timer, and when the timer fires it either resolves the alert as stale or re-registers at the
 * new deadline, so a busy device costs one timer, not one per snapshot. After a resolve, one timer
 * at {@code resolvedAt + cooldown} drops the state.
 *
 * <p>Metrics: counters {@code alertsTriggered}, {@code alertsResolved} and {@code
 * snapshotsRejected} (snapshots without a usable feature vector, which are logged and skipped
 * rather than failing the job), and the gauge {@code modelVersion}.
 */
public class Scorer extends KeyedProcessFunction<String, FeatureSnapshot, Alert> {

    private static final long serialVersionUID = 1L;

    private static final Logger LOG = LoggerFactory.getLogger(Scorer.class);

    /** Name of the per-device alert state. */
    public static final String STATE_NAME = "alert-state";

    private final LogisticModel model;
    private final AlertPolicy policy;
    private final AlertFactory alerts;

    private transient ValueState<AlertState> alertState;
    private transient Counter alertsTriggered;
    private transient Counter alertsResolved;
    private transient Counter snapshotsRejected;

    public Scorer(LogisticModel model, AlertPolicyOptions options) {
        this.model = Preconditions.checkNotNull(model, "model must not be null");
        Preconditions.checkNotNull(options, "options must not be null");
        this.policy = new AlertPolicy(options);
        this.alerts = new AlertFactory(model, options);
    }

    @Override
    public void open(OpenContext openContext) {
        alertState =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>(STATE_NAME, AlertState.class));
        MetricGroup metrics = getRuntimeContext().getMetricGroup();
        alertsTriggered = metrics.counter("alertsTriggered");
        alertsResolved = metrics.counter("alertsResolved");
        snapshotsRejected = metrics.counter("snapshotsRejected");
        long modelVersion = model.version();
        metrics.gauge("modelVersion", (Gauge<Long>) () -> modelVersion);
    }

    @Override
    public void processElement(FeatureSnapshot snapshot, Context ctx, Collector<Alert> out)
            throws Exception {
        if (snapshot.values == null || snapshot.values.length != Feature.COUNT) {
            reject(
                    snapshot,
                    snapshot.values == null
                            ? "it has no feature vector"
                            : "its feature vector has width "
                                    + snapshot.values.length
                                    + ", expected "
                                    + Feature.COUNT);
            return;
        }
        double probability = model.probability(snapshot.values);
        if (Double.isNaN(probability)) {
            reject(snapshot, "its features hold NaN");
            return;
        }

        AlertState stored = alertState.value();
        AlertState state = stored != null ? stored : new AlertState();
        AlertPolicy.Transition transition =
                policy.onProbability(state, snapshot.deviceId, probability, snapshot.eventTime);
        switch (transition) {
            case TRIGGER:
                state.deviceClass = snapshot.deviceClass;
                out.collect(alerts.trigger(snapshot, probability, state.dedupKey));
                alertsTriggered.inc();
                LOG.debug("Triggered {} at p={}", state.dedupKey, probability);
                break;
            case RESOLVE:
                out.collect(alerts.resolvedByRisk(snapshot, probability, state));
                alertsResolved.inc();
                LOG.debug("Resolved {} at p={}", state.dedupKey, probability);
                break;
            case NONE:
                if (!state.open) {
                    // Nothing changed: a quiet device stays without state, and a cooling-down
                    // one keeps the state and timer it has.
                    return;
                }
                // Open: the policy moved lastSeen, which the stale timer reads when it fires.
                alertState.update(state);
                return;
        }
        // The transition moves the device's one timer to the new deadline. Stored state always
        // has its timer registered at timerAt; fresh state has none yet.
        TimerService timers = ctx.timerService();
        if (stored != null) {
            timers.deleteEventTimeTimer(state.timerAt);
        }
        registerTimer(timers, state);
        alertState.update(state);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
        AlertState state = alertState.value();
        if (!state.open) {
            // The cooldown is over: forget the device until it next reaches the threshold.
            alertState.clear();
            return;
        }
        if (policy.onDeadline(state, timestamp) == AlertPolicy.Transition.RESOLVE) {
            out.collect(alerts.resolvedStale(ctx.getCurrentKey(), state));
            alertsResolved.inc();
            LOG.debug("Resolved {} as stale at {}", state.dedupKey, timestamp);
        }
        // Either the alert went stale and the cooldown timer follows, or newer snapshots moved
        // lastSeen and the stale check moves with it. The timer that fired is gone already.
        registerTimer(ctx.timerService(), state);
        alertState.update(state);
    }

    private void registerTimer(TimerService timers, AlertState state) {
        state.timerAt = policy.nextDeadline(state);
        timers.registerEventTimeTimer(state.timerAt);
    }

    private void reject(FeatureSnapshot snapshot, String why) {
        snapshotsRejected.inc();
        LOG.warn(
                "Skipping snapshot of device {} at {}: {}",
                snapshot.deviceId,
                snapshot.eventTime,
                why);
    }
}
