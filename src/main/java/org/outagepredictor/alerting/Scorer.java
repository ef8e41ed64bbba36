package org.outagepredictor.alerting;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.apache.flink.util.Preconditions;
import org.outagepredictor.features.Feature;
import org.outagepredictor.features.FeatureSnapshot;
import org.outagepredictor.model.LogisticModel;
import org.outagepredictor.model.ModelVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scores each device's {@link FeatureSnapshot} with the newest {@link ModelVersion} and runs the
 * device's alert lifecycle ({@link AlertPolicy}), emitting TRIGGER and RESOLVE {@link Alert}s and,
 * through the side output {@link #SCORES}, every {@link Score}. Keyed by device id; model versions
 * arrive on the broadcast input.
 *
 * <p>Model versions. The broadcast state {@link #MODELS} holds the newest version received under
 * one key; an older or equal version arriving later (after a trainer restore, say) is ignored, so
 * the version only grows. Until the first version arrives the scorer uses the start model given to
 * its constructor; with none (a start from zero) it scores nothing and counts the snapshots as
 * {@code snapshotsUnscored}. Broadcast state is checkpointed with every subtask, so after a restore
 * scoring continues with the version it had.
 *
 * <p>Alert state ({@value #STATE_NAME}, one {@link AlertState} per device) is kept only while
 * needed. A device that never reaches the trigger threshold leaves none. While an alert is open,
 * one event-time timer waits at {@code lastSeen + stale-after}: snapshots move {@code lastSeen} but
 * not the timer, and when the timer fires it either resolves the alert as stale or re-registers at
 * the new deadline, so a busy device costs one timer, not one per snapshot. After a resolve, one
 * timer at {@code resolvedAt + cooldown} drops the state.
 *
 * <p>Metrics: counters {@code alertsTriggered}, {@code alertsResolved}, {@code snapshotsUnscored}
 * and {@code snapshotsRejected} (snapshots without a usable feature vector, which are logged and
 * skipped rather than failing the job), and the gauge {@code modelVersion} (0 before any model).
 */
public class Scorer
        extends KeyedBroadcastProcessFunction<String, FeatureSnapshot, ModelVersion, Alert> {

    private static final long serialVersionUID = 1L;

    private static final Logger LOG = LoggerFactory.getLogger(Scorer.class);

    /** Name of the per-device alert state. */
    public static final String STATE_NAME = "alert-state";

    /** Broadcast state: the newest model version, under {@link #NEWEST}. */
    public static final MapStateDescriptor<String, ModelVersion> MODELS =
            new MapStateDescriptor<>(
                    "model-versions", Types.STRING, TypeInformation.of(ModelVersion.class));

    private static final String NEWEST = "newest";

    /** Every scored snapshot. */
    public static final OutputTag<Score> SCORES =
            new OutputTag<>("scores", TypeInformation.of(Score.class));

    private final LogisticModel startModel;
    private final AlertPolicy policy;
    private final AlertFactory alerts;

    private transient ValueState<AlertState> alertState;
    private transient Counter alertsTriggered;
    private transient Counter alertsResolved;
    private transient Counter snapshotsRejected;
    private transient Counter snapshotsUnscored;

    /** The model of the newest version seen, decoded once rather than per snapshot. */
    private transient LogisticModel model;

    /**
     * @param startModel the model to score with until a version arrives, or {@code null} to score
     *     nothing until then
     */
    public Scorer(LogisticModel startModel, AlertPolicyOptions options) {
        Preconditions.checkNotNull(options, "options must not be null");
        this.startModel = startModel;
        this.policy = new AlertPolicy(options);
        this.alerts = new AlertFactory(options);
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
        snapshotsUnscored = metrics.counter("snapshotsUnscored");
        metrics.gauge(
                "modelVersion",
                (Gauge<Long>)
                        () -> {
                            LogisticModel scoring = model != null ? model : startModel;
                            return scoring == null ? 0L : scoring.version();
                        });
    }

    @Override
    public void processBroadcastElement(ModelVersion version, Context ctx, Collector<Alert> out)
            throws Exception {
        BroadcastState<String, ModelVersion> models = ctx.getBroadcastState(MODELS);
        ModelVersion newest = models.get(NEWEST);
        if (newest != null && version.version <= newest.version) {
            LOG.info(
                    "Ignoring model version {}: version {} is newer",
                    version.version,
                    newest.version);
            return;
        }
        models.put(NEWEST, version);
        model = version.toModel();
        LOG.info("Scoring with {}", version);
    }

    /** The model to score with, or {@code null} if there is none yet. */
    private LogisticModel model(ReadOnlyBroadcastState<String, ModelVersion> models)
            throws Exception {
        if (model == null) {
            // After a restore the broadcast state holds the newest version, but not yet decoded.
            ModelVersion newest = models.get(NEWEST);
            if (newest != null) {
                model = newest.toModel();
            }
        }
        return model != null ? model : startModel;
    }

    @Override
    public void processElement(FeatureSnapshot snapshot, ReadOnlyContext ctx, Collector<Alert> out)
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
        LogisticModel scoring = model(ctx.getBroadcastState(MODELS));
        if (scoring == null) {
            snapshotsUnscored.inc();
            return;
        }
        double probability = scoring.probability(snapshot.values);
        if (Double.isNaN(probability)) {
            reject(snapshot, "its features hold NaN");
            return;
        }
        ctx.output(SCORES, score(snapshot, probability, scoring.version()));

        AlertState stored = alertState.value();
        AlertState state = stored != null ? stored : new AlertState();
        AlertPolicy.Transition transition =
                policy.onProbability(state, snapshot.deviceId, probability, snapshot.eventTime);
        state.modelVersion = scoring.version();
        switch (transition) {
            case TRIGGER:
                state.deviceClass = snapshot.deviceClass;
                out.collect(alerts.trigger(snapshot, scoring, probability, state.dedupKey));
                alertsTriggered.inc();
                LOG.debug("Triggered {} at p={}", state.dedupKey, probability);
                break;
            case RESOLVE:
                out.collect(alerts.resolvedByRisk(snapshot, scoring.version(), probability, state));
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

    private static Score score(FeatureSnapshot snapshot, double probability, long modelVersion) {
        Score score = new Score();
        score.deviceId = snapshot.deviceId;
        score.deviceClass = snapshot.deviceClass;
        score.eventTime = snapshot.eventTime;
        score.probability = probability;
        score.modelVersion = modelVersion;
        return score;
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
