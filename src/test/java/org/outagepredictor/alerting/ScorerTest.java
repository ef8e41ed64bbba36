package org.outagepredictor.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.outagepredictor.alerting.Snapshots.HOUR;
import static org.outagepredictor.alerting.Snapshots.MINUTE;
import static org.outagepredictor.alerting.Snapshots.T0;

import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.outagepredictor.event.ChangeRef;
import org.outagepredictor.event.ChangeType;
import org.outagepredictor.features.Feature;
import org.outagepredictor.features.FeatureSnapshot;
import org.outagepredictor.model.LogisticModel;
import org.outagepredictor.model.ModelVersion;
import org.outagepredictor.testutils.KeyedStates;

/**
 * The {@link Scorer} operator with the test policy of {@link Alerts#policy} (trigger 0.7, resolve
 * 0.4, cooldown 30 min, stale after 6 h): the alerts it emits, and the state and timers it leaves,
 * down to none.
 */
class ScorerTest {

    private static final String DEVICE = "fw-000007";
    private static final long COOLDOWN = 30 * MINUTE;
    private static final long STALE_AFTER = 6 * HOUR;

    private KeyedBroadcastOperatorTestHarness<String, FeatureSnapshot, ModelVersion, Alert> harness;

    @BeforeEach
    void openHarness() throws Exception {
        harness = newHarness(Snapshots.MODEL);
    }

    private static KeyedBroadcastOperatorTestHarness<String, FeatureSnapshot, ModelVersion, Alert>
            newHarness(LogisticModel startModel) throws Exception {
        return ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
                new Scorer(startModel, Alerts.policy()),
                snapshot -> snapshot.deviceId,
                Types.STRING,
                Scorer.MODELS);
    }

    @AfterEach
    void closeHarness() throws Exception {
        harness.close();
    }

    @Test
    void triggerAndResolveShareOneDedupKeyAndLeaveNothingBehind() throws Exception {
        FeatureSnapshot risky = Snapshots.scoring(DEVICE, T0, 0.9);
        ChangeRef change =
                Snapshots.change("CHG0001234", T0 - 12 * MINUTE, ChangeType.PLANNED, true);
        risky.recentChanges = new ChangeRef[] {change};
        send(risky);
        for (int minute = 1; minute <= 5; minute++) {
            send(DEVICE, T0 + minute * MINUTE, 0.8);
        }

        List<Alert> triggered = drain();
        assertThat(triggered).hasSize(1);
        Alert trigger = triggered.get(0);
        assertThat(trigger.status).isEqualTo(AlertStatus.TRIGGER);
        assertThat(trigger.deviceId).isEqualTo(DEVICE);
        assertThat(trigger.probability).isCloseTo(0.9, within(1e-12));
        assertThat(trigger.modelVersion).isEqualTo(Snapshots.MODEL_VERSION);
        assertThat(trigger.dedupKey).isEqualTo("outage-predictor:" + DEVICE + ":" + T0);
        assertThat(trigger.reasons).extracting(r -> r.feature).containsExactly("errors_5m");
        assertThat(trigger.suspectChanges).containsExactly(change);
        assertThat(harness.numEventTimeTimers())
                .as("one stale timer however many snapshots arrive")
                .isEqualTo(1);

        send(DEVICE, T0 + 10 * MINUTE, 0.2);

        List<Alert> resolved = drain();
        assertThat(resolved).hasSize(1);
        assertThat(resolved.get(0).status).isEqualTo(AlertStatus.RESOLVE);
        assertThat(resolved.get(0).dedupKey).isEqualTo(trigger.dedupKey);
        assertThat(resolved.get(0).eventTime).isEqualTo(T0 + 10 * MINUTE);
        assertThat(resolved.get(0).resolution).isEqualTo("risk fell below 40%");
        assertThat(harness.numEventTimeTimers()).as("the cooldown timer replaced it").isEqualTo(1);

        harness.watermark(T0 + 10 * MINUTE + COOLDOWN);

        assertThat(drain()).isEmpty();
        assertThat(alertStates()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void hysteresisKeepsTheAlertOpenBetweenTheThresholds() throws Exception {
        send(DEVICE, T0, 0.75);
        send(DEVICE, T0 + MINUTE, 0.5);
        send(DEVICE, T0 + 2 * MINUTE, 0.45);
        send(DEVICE, T0 + 3 * MINUTE, 0.69);
        send(DEVICE, T0 + 4 * MINUTE, 0.72);
        send(DEVICE, T0 + 5 * MINUTE, 0.3);

        assertThat(drain())
                .extracting(a -> a.status + "@" + (a.eventTime - T0) / MINUTE)
                .containsExactly("TRIGGER@0", "RESOLVE@5");

        harness.watermark(T0 + 5 * MINUTE + COOLDOWN);
        assertThat(alertStates()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void cooldownHoldsBackANewAlertUntilItEnds() throws Exception {
        send(DEVICE, T0, 0.9);
        long resolvedAt = T0 + 10 * MINUTE;
        send(DEVICE, resolvedAt, 0.1);
        String firstKey = drain().get(0).dedupKey;

        send(DEVICE, resolvedAt + COOLDOWN - 1, 0.95);
        assertThat(drain()).as("still cooling down").isEmpty();

        send(DEVICE, resolvedAt + COOLDOWN, 0.95);
        List<Alert> second = drain();
        assertThat(second).extracting(a -> a.status).containsExactly(AlertStatus.TRIGGER);
        assertThat(second.get(0).dedupKey)
                .isEqualTo(AlertPolicy.dedupKey(DEVICE, resolvedAt + COOLDOWN))
                .isNotEqualTo(firstKey);
        assertThat(harness.numEventTimeTimers())
                .as("the new alert's stale timer replaced the cooldown timer")
                .isEqualTo(1);

        send(DEVICE, resolvedAt + COOLDOWN + MINUTE, 0.1);
        harness.watermark(resolvedAt + 2 * COOLDOWN + MINUTE);
        assertThat(drain()).extracting(a -> a.status).containsExactly(AlertStatus.RESOLVE);
        assertThat(alertStates()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void aDeviceIsForgottenWhenItsCooldownEndsAndCanAlertAgain() throws Exception {
        send(DEVICE, T0, 0.9);
        send(DEVICE, T0 + MINUTE, 0.1);
        harness.watermark(T0 + MINUTE + COOLDOWN);
        assertThat(alertStates()).isZero();
        drain();

        send(DEVICE, T0 + MINUTE + COOLDOWN, 0.8);

        assertThat(drain()).extracting(a -> a.status).containsExactly(AlertStatus.TRIGGER);
        assertThat(alertStates()).isEqualTo(1);
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);
    }

    @Test
    void anAlertWhoseDeviceGoesQuietResolvesAsStaleByWatermark() throws Exception {
        send(DEVICE, T0, 0.9);
        send(DEVICE, T0 + HOUR, 0.8);
        String key = drain().get(0).dedupKey;

        // The first deadline (opened + 6 h) finds a newer snapshot and moves to lastSeen + 6 h.
        harness.watermark(T0 + STALE_AFTER);
        assertThat(drain()).isEmpty();
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);

        harness.watermark(T0 + HOUR + STALE_AFTER);

        List<StreamRecord<? extends Alert>> records = harness.extractOutputStreamRecords();
        assertThat(records).hasSize(1);
        Alert stale = records.get(0).getValue();
        assertThat(stale.status).isEqualTo(AlertStatus.RESOLVE);
        assertThat(stale.dedupKey).isEqualTo(key);
        assertThat(stale.resolution).isEqualTo("stale: no data");
        assertThat(stale.eventTime).isEqualTo(T0 + HOUR + STALE_AFTER);
        assertThat(stale.probability).isCloseTo(0.8, within(1e-12));
        assertThat(stale.deviceClass).isEqualTo("firewall");
        assertThat(records.get(0).getTimestamp()).isEqualTo(T0 + HOUR + STALE_AFTER);
        drain();

        harness.watermark(T0 + HOUR + STALE_AFTER + COOLDOWN);

        assertThat(drain()).isEmpty();
        assertThat(alertStates()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void aSnapshotAfterTheDeadlineDecidesItFirstAsTheWatermarkWouldHave() throws Exception {
        long back = T0 + HOUR + STALE_AFTER + 2 * MINUTE;
        long afterCooldown = back + COOLDOWN;
        // By watermark: the stale timer fires before the device is back.
        send(DEVICE, T0, 0.9);
        send(DEVICE, T0 + HOUR, 0.8);
        harness.watermark(back - 1);
        send(DEVICE, back, 0.9);
        harness.watermark(afterCooldown - 1);
        send(DEVICE, afterCooldown, 0.9);
        List<String> byWatermark = describe(drain());
        harness.close();

        // Without a watermark in between, as when it lags behind the device's snapshots.
        harness = newHarness(Snapshots.MODEL);
        send(DEVICE, T0, 0.9);
        send(DEVICE, T0 + HOUR, 0.8);
        send(DEVICE, back, 0.9);
        send(DEVICE, afterCooldown, 0.9);
        List<String> bySnapshots = describe(drain());

        assertThat(byWatermark)
                .containsExactly(
                        "TRIGGER " + T0,
                        "RESOLVE " + (T0 + HOUR + STALE_AFTER) + " stale: no data",
                        "TRIGGER " + afterCooldown);
        assertThat(bySnapshots).isEqualTo(byWatermark);
        assertThat(harness.numEventTimeTimers()).as("one timer per device").isEqualTo(1);
    }

    private static List<String> describe(List<Alert> alerts) {
        return alerts.stream()
                .map(
                        a ->
                                a.status
                                        + " "
                                        + a.eventTime
                                        + (a.resolution == null ? "" : " " + a.resolution))
                .toList();
    }

    @Test
    void anOutageIncidentClosesThePredictionAndTheDeviceIsForgottenAfterTheCooldown()
            throws Exception {
        send(DEVICE, T0, 0.9);
        FeatureSnapshot incident = Snapshots.scoring(DEVICE, T0 + 40 * MINUTE, 0.97);
        incident.lastOutageTime = T0 + 40 * MINUTE;
        incident.lastOutageId = "INC0010001";
        send(incident);

        List<Alert> alerts = drain();
        assertThat(alerts)
                .extracting(a -> a.status)
                .containsExactly(AlertStatus.TRIGGER, AlertStatus.RESOLVE);
        Alert resolve = alerts.get(1);
        assertThat(resolve.dedupKey).isEqualTo(alerts.get(0).dedupKey);
        assertThat(resolve.resolution).isEqualTo("predicted outage opened as incident INC0010001");
        assertThat(resolve.severity).isEqualTo(alerts.get(0).severity).isNotNull();
        assertThat(resolve.eventTime).isEqualTo(T0 + 40 * MINUTE);

        FeatureSnapshot stillHigh = Snapshots.scoring(DEVICE, T0 + 40 * MINUTE + COOLDOWN, 0.97);
        stillHigh.lastOutageTime = incident.lastOutageTime;
        stillHigh.lastOutageId = incident.lastOutageId;
        send(stillHigh);
        assertThat(drain()).as("the outage is the service desk's now").isEmpty();

        harness.watermark(T0 + 40 * MINUTE + COOLDOWN + STALE_AFTER);
        assertThat(alertStates()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void anAlertHeldBackByAChangeWindowOpensWhenTheWindowEnds() throws Exception {
        ChangeRef planned = Snapshots.change("CHG7", T0, ChangeType.PLANNED, false);
        planned.windowEnd = T0 + 20 * MINUTE;
        for (int minute = 0; minute <= 25; minute += 5) {
            FeatureSnapshot snapshot = Snapshots.scoring(DEVICE, T0 + minute * MINUTE, 0.9);
            snapshot.recentChanges = new ChangeRef[] {planned};
            send(snapshot);
            if (minute < 20) {
                assertThat(drain()).as("held at minute %s", minute).isEmpty();
                assertThat(alertStates()).isEqualTo(1);
                assertThat(harness.numEventTimeTimers()).isEqualTo(1);
            }
        }

        List<Alert> alerts = drain();
        assertThat(alerts)
                .extracting(a -> a.status + "@" + (a.eventTime - T0) / MINUTE)
                .containsExactly("TRIGGER@20");
        assertThat(alerts.get(0).suspectChanges).extracting(c -> c.id).containsExactly("CHG7");
    }

    @Test
    void aHeldBackAlertWhoseDeviceGoesQuietLeavesNothingBehind() throws Exception {
        ChangeRef planned = Snapshots.change("CHG8", T0, ChangeType.PLANNED, false);
        planned.windowEnd = T0 + 24 * HOUR;
        FeatureSnapshot held = Snapshots.scoring(DEVICE, T0, 0.9);
        held.recentChanges = new ChangeRef[] {planned};
        send(held);
        assertThat(alertStates()).isEqualTo(1);

        harness.watermark(T0 + STALE_AFTER);

        assertThat(drain()).isEmpty();
        assertThat(alertStates()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void refreshesCarryTheTriggersKeyAndSeverityWithTheCurrentRisk() throws Exception {
        harness.close();
        Configuration config = new Configuration();
        config.set(AlertPolicyOptions.REFRESH_INTERVAL, Duration.ofMinutes(5));
        harness =
                ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
                        new Scorer(Snapshots.MODEL, Alerts.policy(config)),
                        snapshot -> snapshot.deviceId,
                        Types.STRING,
                        Scorer.MODELS);
        for (int minute = 0; minute <= 11; minute++) {
            send(DEVICE, T0 + minute * MINUTE, minute == 0 ? 0.9 : 0.75);
        }

        List<Alert> alerts = drain();
        assertThat(alerts)
                .extracting(a -> a.status + "@" + (a.eventTime - T0) / MINUTE)
                .containsExactly("TRIGGER@0", "REFRESH@5", "REFRESH@10");
        assertThat(alerts).extracting(a -> a.dedupKey).containsOnly(alerts.get(0).dedupKey);
        assertThat(alerts).extracting(a -> a.severity).containsOnly(AlertSeverity.CRITICAL);
        assertThat(alerts).extracting(a -> a.openedAt).containsOnly(T0);
        assertThat(alerts.get(1).probability).isCloseTo(0.75, within(1e-12));
        assertThat(alerts.get(1).reasons).isNotEmpty();
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);
    }

    @Test
    void devicesThatNeverReachTheThresholdLeaveNoState() throws Exception {
        for (int minute = 0; minute < 30; minute++) {
            send("srv-1", T0 + minute * MINUTE, 0.69);
            send("srv-2", T0 + minute * MINUTE, 0.05);
        }

        assertThat(drain()).isEmpty();
        assertThat(alertStates()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void devicesHaveTheirOwnAlerts() throws Exception {
        send("fw-1", T0, 0.9);
        send("fw-2", T0 + MINUTE, 0.95);
        send("fw-1", T0 + 2 * MINUTE, 0.1);

        assertThat(drain())
                .extracting(a -> a.status + " " + a.deviceId)
                .containsExactly("TRIGGER fw-1", "TRIGGER fw-2", "RESOLVE fw-1");
        assertThat(alertStates()).isEqualTo(2);
        assertThat(harness.numEventTimeTimers()).isEqualTo(2);
    }

    @Test
    void skipsSnapshotsWithoutAUsableVectorInsteadOfFailing() throws Exception {
        FeatureSnapshot narrow = Snapshots.scoring(DEVICE, T0, 0.9);
        narrow.values = new double[3];
        FeatureSnapshot missing = Snapshots.scoring(DEVICE, T0, 0.9);
        missing.values = null;
        FeatureSnapshot nan = Snapshots.scoring(DEVICE, T0, 0.9);
        nan.values[Feature.ALERTS_5M.ordinal()] = Double.NaN;

        send(narrow);
        send(missing);
        send(nan);
        send(DEVICE, T0 + MINUTE, 0.9);

        assertThat(drain())
                .extracting(a -> a.status + "@" + (a.eventTime - T0) / MINUTE)
                .containsExactly("TRIGGER@1");
    }

    @Test
    void scoresWithTheNewestModelVersionAndNamesIt() throws Exception {
        send(DEVICE, T0, 0.5);
        harness.processBroadcastElement(version(Snapshots.MODEL_VERSION + 1, 2.0), T0);
        send(DEVICE, T0 + MINUTE, 0.5);
        harness.processBroadcastElement(version(Snapshots.MODEL_VERSION + 3, 3.0), T0);
        send(DEVICE, T0 + 2 * MINUTE, 0.5);
        // An older version arriving late (a trainer restored from an earlier checkpoint) is
        // ignored: the version scoring uses only grows.
        harness.processBroadcastElement(version(Snapshots.MODEL_VERSION + 2, -5.0), T0);
        send(DEVICE, T0 + 3 * MINUTE, 0.5);

        assertThat(scores())
                .extracting(s -> s.modelVersion)
                .containsExactly(
                        Snapshots.MODEL_VERSION,
                        Snapshots.MODEL_VERSION + 1,
                        Snapshots.MODEL_VERSION + 3,
                        Snapshots.MODEL_VERSION + 3);
        // logit(0.5) = 0, so the scores differ only through the BIAS coefficient.
        assertThat(scores())
                .extracting(s -> s.probability)
                .containsExactly(
                        0.5,
                        1.0 - 1.0 / (1.0 + Math.exp(2.0)),
                        1.0 - 1.0 / (1.0 + Math.exp(3.0)),
                        1.0 - 1.0 / (1.0 + Math.exp(3.0)));
        List<Alert> alerts = drain();
        assertThat(alerts).extracting(a -> a.status).containsExactly(AlertStatus.TRIGGER);
        assertThat(alerts.get(0).modelVersion).isEqualTo(Snapshots.MODEL_VERSION + 1);
    }

    @Test
    void withoutAStartModelNothingIsScoredUntilTheFirstVersionArrives() throws Exception {
        harness.close();
        harness = newHarness(null);

        send(DEVICE, T0, 0.9);
        assertThat(scores()).isEmpty();
        assertThat(drain()).isEmpty();

        harness.processBroadcastElement(version(1, 0.0), T0);
        send(DEVICE, T0 + MINUTE, 0.9);

        assertThat(scores()).extracting(s -> s.modelVersion).containsExactly(1L);
        assertThat(drain()).extracting(a -> a.modelVersion).containsExactly(1L);
    }

    @Test
    void aRestoredScorerKeepsTheVersionItHad() throws Exception {
        harness.processBroadcastElement(version(7, 2.0), T0);
        OperatorSubtaskState checkpoint = harness.snapshot(1L, T0);
        harness.close();

        harness = restoredHarness(checkpoint);
        send(DEVICE, T0 + MINUTE, 0.5);

        assertThat(scores()).extracting(s -> s.modelVersion).containsExactly(7L);
    }

    private static KeyedBroadcastOperatorTestHarness<String, FeatureSnapshot, ModelVersion, Alert>
            restoredHarness(OperatorSubtaskState checkpoint) throws Exception {
        var restored =
                new KeyedBroadcastOperatorTestHarness<>(
                        new org.apache.flink.streaming.api.operators.co
                                .CoBroadcastWithKeyedOperator<>(
                                new Scorer(null, Alerts.policy()), List.of(Scorer.MODELS)),
                        (FeatureSnapshot snapshot) -> snapshot.deviceId,
                        Types.STRING,
                        1,
                        1,
                        0);
        restored.setup();
        restored.initializeState(checkpoint);
        restored.open();
        return restored;
    }

    /** A model whose ERRORS_5M coefficient is 1 (as {@link Snapshots#MODEL}) with a BIAS. */
    private static ModelVersion version(long version, double bias) {
        double[] coefficients = Snapshots.MODEL.coefficients();
        coefficients[Feature.BIAS.ordinal()] = bias;
        return ModelVersion.of(new LogisticModel(version, coefficients));
    }

    private List<Score> scores() {
        return harness.getSideOutput(Scorer.SCORES) == null
                ? List.of()
                : harness.getSideOutput(Scorer.SCORES).stream()
                        .map(StreamRecord::getValue)
                        .collect(java.util.stream.Collectors.toList());
    }

    private long alertStates() {
        return KeyedStates.count(harness, Scorer.STATE_NAME);
    }

    private void send(String deviceId, long eventTime, double probability) throws Exception {
        send(Snapshots.scoring(deviceId, eventTime, probability));
    }

    private void send(FeatureSnapshot snapshot) throws Exception {
        harness.processElement(snapshot, snapshot.eventTime);
    }

    /** The alerts emitted since the last call. */
    private List<Alert> drain() {
        List<Alert> alerts = harness.extractOutputValues();
        harness.getOutput().clear();
        return alerts;
    }
}
