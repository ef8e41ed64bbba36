package org.outagepredictor.alerting;

import java.time.Instant;
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
 * {@link AlertPolicy#isIdle} says it is needed: a device that never reaches the trigger threshold
 * leaves none. A device with state has one event-time timer, at {@link AlertPolicy#nextDeadline}
 * when it was set: snapshots move {@code lastSeen} but not the timer, and when the timer fires it
 * resolves a stale alert, drops the state, or re-registers at the new deadline, so a busy device
 * costs one timer, not one per snapshot. Only a deadline that moves earlier (a resolve starts the
 * cooldown) moves the timer at once. A snapshot later than the deadline decides the deadline first,
 * as its timer would have, so that the outcome is the same whether the watermark fired the timer
 * before the snapshot came or not (a restore, or a partition that runs ahead, changes that).
 *
 * <p>Metrics: counters {@code alertsTriggered}, {@code alertsRefreshed}, {@code alertsResolved},
 * {@code alertsHeldBack} (alerts that a window or an open incident held back: once each time a
 * device's risk rises to the threshold inside a window, each also logged), {@code
 * snapshotsUnscored} and {@code snapshotsRejected} (snapshots without a usable feature vector,
 * which are logged and skipped rather than failing the job), and the gauge {@code modelVersion} (0
 * before any model).
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
    private final AlertPolicyOptions options;
    private final AlertPolicy policy;

    private transient AlertFactory alerts;
    private transient ValueState<AlertState> alertState;
    private transient Counter alertsTriggered;
    private transient Counter alertsRefreshed;
    private transient Counter alertsResolved;
    private transient Counter alertsHeldBack;
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
        this.options = options;
        this.policy = new AlertPolicy(options);
    }

    @Override
    public void open(OpenContext openContext) {
        alerts =
                new AlertFactory(
                        options, getRuntimeContext().getJobInfo().getJobId().toHexString());
        alertState =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>(STATE_NAME, AlertState.class));
        MetricGroup metrics = getRuntimeContext().getMetricGroup();
        alertsTriggered = metrics.counter("alertsTriggered");
        alertsRefreshed = metrics.counter("alertsRefreshed");
        alertsResolved = metrics.counter("alertsResolved");
        alertsHeldBack = metrics.counter("alertsHeldBack");
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
        while (stored != null && stored.timerAt < snapshot.eventTime) {
            // The device's deadline passed in event time before this snapshot, but the watermark
            // has not fired its timer yet: decide it first, as the timer would have, so that what
            // happens does not depend on when the watermark comes.
            stored = passDeadline(stored, ctx.getCurrentKey(), ctx.timerService(), false, out);
        }
        AlertState state = stored != null ? stored : new AlertState();
        state.modelVersion = scoring.version();
        switch (policy.onSnapshot(state, snapshot, probability)) {
            case TRIGGER:
                out.collect(
                        alerts.firing(AlertStatus.TRIGGER, snapshot, scoring, probability, state));
                alertsTriggered.inc();
                LOG.debug("Triggered {} at p={}", state.dedupKey, probability);
                break;
            case REFRESH:
                out.collect(
                        alerts.firing(AlertStatus.REFRESH, snapshot, scoring, probability, state));
                alertsRefreshed.inc();
                break;
            case RESOLVE:
                out.collect(alerts.resolved(snapshot.deviceId, state));
                alertsResolved.inc();
                LOG.debug("Resolved {}: {}", state.dedupKey, state.resolution);
                break;
            case HOLD:
                alertsHeldBack.inc();
                LOG.info(
                        "Holding back an alert for {} at p={} ({}): {}",
                        snapshot.deviceId,
                        probability,
                        Instant.ofEpochMilli(snapshot.eventTime),
                        state.heldBy);
                break;
            case NONE:
                break;
        }
        store(state, stored != null, ctx.timerService(), snapshot.eventTime);
    }

    /**
     * Keeps {@code state} while the policy needs it, with its one timer; drops it (and its timer)
     * once it is idle. {@code stored} tells whether the state and its timer exist already.
     */
    private void store(AlertState state, boolean stored, TimerService timers, long time)
            throws Exception {
        if (policy.isIdle(state, time)) {
            if (stored) {
                timers.deleteEventTimeTimer(state.timerAt);
                alertState.clear();
            }
            return;
        }
        long deadline = policy.nextDeadline(state);
        if (!stored || deadline < state.timerAt) {
            if (stored) {
                timers.deleteEventTimeTimer(state.timerAt);
            }
            state.timerAt = deadline;
            timers.registerEventTimeTimer(deadline);
        }
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
        passDeadline(alertState.value(), ctx.getCurrentKey(), ctx.timerService(), true, out);
    }

    /**
     * Decides the device's deadline ({@link AlertState#timerAt}): resolves an alert gone stale,
     * drops a state that is idle then, or keeps it with its timer at the next deadline (the alert
     * went stale and its cooldown follows, or newer snapshots moved the deadline).
     *
     * @param timerFired whether the deadline's timer has fired (then it is gone already); if not,
     *     it is deleted here
     * @return the state kept, or {@code null} if it was dropped
     */
    private AlertState passDeadline(
            AlertState state,
            String deviceId,
            TimerService timers,
            boolean timerFired,
            Collector<Alert> out)
            throws Exception {
        long deadline = state.timerAt;
        if (!timerFired) {
            timers.deleteEventTimeTimer(deadline);
        }
        if (policy.onDeadline(state, deadline) == AlertPolicy.Transition.RESOLVE) {
            out.collect(alerts.resolved(deviceId, state));
            alertsResolved.inc();
            LOG.debug("Resolved {} as stale at {}", state.dedupKey, deadline);
        }
        if (policy.isIdle(state, deadline)) {
            alertState.clear();
            return null;
        }
        state.timerAt = policy.nextDeadline(state);
        timers.registerEventTimeTimer(state.timerAt);
        alertState.update(state);
        return state;
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
