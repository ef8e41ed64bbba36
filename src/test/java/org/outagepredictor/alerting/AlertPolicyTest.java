package org.outagepredictor.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.outagepredictor.alerting.Snapshots.HOUR;
import static org.outagepredictor.alerting.Snapshots.MINUTE;
import static org.outagepredictor.alerting.Snapshots.T0;

import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.outagepredictor.alerting.AlertPolicy.Transition;
import org.outagepredictor.event.ChangeRef;
import org.outagepredictor.event.ChangeType;
import org.outagepredictor.features.FeatureSnapshot;

/** The alert lifecycle rules, driven without Flink, with the test policy of {@link Alerts}. */
class AlertPolicyTest {

    private static final String DEVICE = "fw-000007";

    private final AlertPolicy policy = new AlertPolicy(Alerts.policy());

    private Transition at(AlertState state, double p, long time) {
        return policy.onSnapshot(state, Snapshots.scoring(DEVICE, time, p), p);
    }

    private static Transition at(AlertPolicy policy, AlertState state, FeatureSnapshot snapshot) {
        return policy.onSnapshot(state, snapshot, Snapshots.MODEL.probability(snapshot.values));
    }

    @Test
    void triggersAtExactlyTheTriggerThresholdAndNotBelow() {
        AlertState below = new AlertState();
        assertThat(at(below, 0.6999, T0)).isEqualTo(Transition.NONE);
        assertThat(below.open).isFalse();
        assertThat(policy.isIdle(below, T0)).as("nothing to keep").isTrue();

        AlertState state = new AlertState();
        assertThat(at(state, 0.7, T0)).isEqualTo(Transition.TRIGGER);
        assertThat(state.open).isTrue();
        assertThat(state.openedAt).isEqualTo(T0);
        assertThat(state.lastSeen).isEqualTo(T0);
        assertThat(state.lastProbability).isEqualTo(0.7);
        assertThat(state.deviceClass).isEqualTo("firewall");
        assertThat(state.dedupKey).isEqualTo("outage-predictor:fw-000007:" + T0);
    }

    @Test
    void keepsOneOpenAlertWhileTheRiskStaysHigh() {
        AlertState state = new AlertState();
        at(state, 0.8, T0);

        assertThat(at(state, 0.95, T0 + MINUTE)).isEqualTo(Transition.NONE);

        assertThat(state.open).isTrue();
        assertThat(state.dedupKey).isEqualTo(AlertPolicy.dedupKey(DEVICE, T0));
        assertThat(state.openedAt).isEqualTo(T0);
        assertThat(state.lastSeen).isEqualTo(T0 + MINUTE);
        assertThat(state.lastProbability).isEqualTo(0.95);
    }

    @Test
    void hysteresisKeepsTheAlertOpenBetweenTheThresholds() {
        AlertState state = new AlertState();
        at(state, 0.9, T0);

        assertThat(at(state, 0.6, T0 + MINUTE)).isEqualTo(Transition.NONE);
        assertThat(at(state, 0.4, T0 + 2 * MINUTE))
                .as("0.4 is not below the resolve threshold 0.4")
                .isEqualTo(Transition.NONE);
        assertThat(state.open).isTrue();

        assertThat(at(state, 0.3999, T0 + 3 * MINUTE)).isEqualTo(Transition.RESOLVE);
        assertThat(state.open).isFalse();
        assertThat(state.resolvedAt).isEqualTo(T0 + 3 * MINUTE);
        assertThat(state.resolution).isEqualTo("risk fell below 40%");
        assertThat(state.dedupKey)
                .as("the resolve carries the trigger's key")
                .isEqualTo(AlertPolicy.dedupKey(DEVICE, T0));
    }

    @Test
    void hysteresisOpensNothingBetweenTheThresholds() {
        AlertState state = new AlertState();

        assertThat(at(state, 0.55, T0)).isEqualTo(Transition.NONE);
        assertThat(state.open).isFalse();
        assertThat(state.resolvedAt).isEqualTo(AlertState.NEVER);
    }

    @Test
    void cooldownHoldsBackANewAlertUntilItHasFullyPassed() {
        AlertState state = new AlertState();
        at(state, 0.9, T0);
        long resolvedAt = T0 + HOUR;
        at(state, 0.1, resolvedAt);

        long cooldownEnd = resolvedAt + 30 * MINUTE;
        assertThat(policy.isIdle(state, cooldownEnd - 1)).isFalse();
        assertThat(policy.isIdle(state, cooldownEnd)).isTrue();
        assertThat(at(state, 0.99, cooldownEnd - 1)).isEqualTo(Transition.NONE);
        assertThat(state.open).isFalse();

        assertThat(at(state, 0.99, cooldownEnd)).isEqualTo(Transition.TRIGGER);
        assertThat(state.dedupKey)
                .as("a new alert gets a new key")
                .isEqualTo(AlertPolicy.dedupKey(DEVICE, cooldownEnd));
        assertThat(state.resolution).isNull();
    }

    @Test
    void theRiskMustHoldForTheMinimumDurationAndADipStartsTheWaitAgain() {
        Configuration config = new Configuration();
        config.set(AlertPolicyOptions.MIN_DURATION, Duration.ofMinutes(10));
        AlertPolicy waiting = new AlertPolicy(Alerts.policy(config));
        AlertState state = new AlertState();

        assertThat(waiting.onSnapshot(state, Snapshots.scoring(DEVICE, T0, 0.9), 0.9))
                .isEqualTo(Transition.NONE);
        assertThat(state.aboveSince).isEqualTo(T0);
        assertThat(waiting.isIdle(state, T0)).as("the wait is state to keep").isFalse();
        assertThat(waiting.nextDeadline(state)).isEqualTo(T0 + 6 * HOUR);
        waiting.onSnapshot(state, Snapshots.scoring(DEVICE, T0 + 5 * MINUTE, 0.9), 0.9);
        waiting.onSnapshot(state, Snapshots.scoring(DEVICE, T0 + 6 * MINUTE, 0.69), 0.69);
        assertThat(state.aboveSince).as("a dip below the trigger").isEqualTo(AlertState.NEVER);
        waiting.onSnapshot(state, Snapshots.scoring(DEVICE, T0 + 7 * MINUTE, 0.9), 0.9);

        assertThat(waiting.onSnapshot(state, Snapshots.scoring(DEVICE, T0 + 16 * MINUTE, 0.9), 0.9))
                .isEqualTo(Transition.NONE);
        assertThat(waiting.onSnapshot(state, Snapshots.scoring(DEVICE, T0 + 17 * MINUTE, 0.8), 0.8))
                .isEqualTo(Transition.TRIGGER);
        assertThat(state.openedAt).isEqualTo(T0 + 17 * MINUTE);
        assertThat(state.aboveSince).isEqualTo(AlertState.NEVER);
    }

    @Test
    void anOpenAlertIsRefreshedEveryRefreshIntervalOfEventTime() {
        Configuration config = new Configuration();
        config.set(AlertPolicyOptions.REFRESH_INTERVAL, Duration.ofMinutes(5));
        AlertPolicy refreshing = new AlertPolicy(Alerts.policy(config));
        AlertState state = new AlertState();
        refreshing.onSnapshot(state, Snapshots.scoring(DEVICE, T0, 0.9), 0.9);

        assertThat(
                        List.of(4, 5, 6, 9, 10, 11).stream()
                                .map(
                                        minute ->
                                                refreshing.onSnapshot(
                                                        state,
                                                        Snapshots.scoring(
                                                                DEVICE, T0 + minute * MINUTE, 0.8),
                                                        0.8)))
                .containsExactly(
                        Transition.NONE,
                        Transition.REFRESH,
                        Transition.NONE,
                        Transition.NONE,
                        Transition.REFRESH,
                        Transition.NONE);
        assertThat(state.lastSentAt).isEqualTo(T0 + 10 * MINUTE);
    }

    @Test
    void anOutageIncidentClosesTheOpenPredictionAndHoldsNewOnesForTheQuietPeriod() {
        AlertState state = new AlertState();
        at(state, 0.9, T0);
        FeatureSnapshot incident = Snapshots.scoring(DEVICE, T0 + 20 * MINUTE, 0.95);
        incident.lastOutageTime = T0 + 20 * MINUTE;
        incident.lastOutageId = "INC0010001";

        assertThat(at(policy, state, incident)).isEqualTo(Transition.RESOLVE);
        assertThat(state.resolution).isEqualTo("predicted outage opened as incident INC0010001");
        assertThat(state.resolvedAt).isEqualTo(T0 + 20 * MINUTE);

        FeatureSnapshot afterCooldown = Snapshots.scoring(DEVICE, T0 + HOUR, 0.99);
        afterCooldown.lastOutageTime = incident.lastOutageTime;
        afterCooldown.lastOutageId = incident.lastOutageId;
        assertThat(at(policy, state, afterCooldown)).isEqualTo(Transition.HOLD);
        assertThat(state.heldBy).isEqualTo("outage incident INC0010001 is open");
        afterCooldown.eventTime += MINUTE;
        assertThat(at(policy, state, afterCooldown))
                .as("held back once per window")
                .isEqualTo(Transition.NONE);

        FeatureSnapshot quietOver = Snapshots.scoring(DEVICE, T0 + 20 * MINUTE + 2 * HOUR, 0.99);
        quietOver.lastOutageTime = incident.lastOutageTime;
        quietOver.lastOutageId = incident.lastOutageId;
        assertThat(at(policy, state, quietOver)).isEqualTo(Transition.TRIGGER);
        assertThat(state.heldBy).isNull();
    }

    @Test
    void anIncidentOlderThanTheAlertDoesNotCloseIt() {
        AlertState state = new AlertState();
        FeatureSnapshot first = Snapshots.scoring(DEVICE, T0 + 3 * HOUR, 0.9);
        first.lastOutageTime = T0;
        first.lastOutageId = "INC-OLD";
        assertThat(at(policy, state, first)).isEqualTo(Transition.TRIGGER);

        first.eventTime += MINUTE;
        assertThat(at(policy, state, first)).isEqualTo(Transition.NONE);
        assertThat(state.open).isTrue();
    }

    @Test
    void anApprovedChangeWindowHoldsAlertsBackUntilItEnds() {
        ChangeRef planned = Snapshots.change("CHG1", T0 - 10 * MINUTE, ChangeType.PLANNED, false);
        planned.windowEnd = T0 + 30 * MINUTE;
        AlertState state = new AlertState();

        FeatureSnapshot inWindow = Snapshots.scoring(DEVICE, T0, 0.9);
        inWindow.recentChanges = new ChangeRef[] {planned};
        assertThat(at(policy, state, inWindow)).isEqualTo(Transition.HOLD);
        assertThat(state.heldBy).isEqualTo("approved change CHG1 is in its window");
        assertThat(policy.isIdle(state, T0)).isFalse();

        FeatureSnapshot windowOver = Snapshots.scoring(DEVICE, T0 + 30 * MINUTE, 0.9);
        windowOver.recentChanges = new ChangeRef[] {planned};
        assertThat(at(policy, state, windowOver)).isEqualTo(Transition.TRIGGER);
    }

    @Test
    void anUnapprovedChangeHasNoWindowAndLowersTheTriggerThreshold() {
        ChangeRef unapproved =
                Snapshots.change("CHG2", T0 - 30 * MINUTE, ChangeType.UNAUTHORISED, false);
        unapproved.windowEnd = T0 + HOUR;
        FeatureSnapshot snapshot = Snapshots.scoring(DEVICE, T0, 0.55);
        snapshot.recentChanges = new ChangeRef[] {unapproved};
        assertThat(at(policy, new AlertState(), snapshot))
                .as("0.55 is above the unapproved-change threshold 0.5")
                .isEqualTo(Transition.TRIGGER);

        ChangeRef planned = Snapshots.change("CHG3", T0 - 30 * MINUTE, ChangeType.PLANNED, false);
        snapshot.recentChanges = new ChangeRef[] {planned};
        assertThat(at(policy, new AlertState(), snapshot)).isEqualTo(Transition.NONE);

        ChangeRef longAgo =
                Snapshots.change("CHG4", T0 - 2 * HOUR - 1, ChangeType.UNAUTHORISED, false);
        snapshot.recentChanges = new ChangeRef[] {longAgo};
        assertThat(at(policy, new AlertState(), snapshot))
                .as("outside the unapproved-change window of 2 h")
                .isEqualTo(Transition.NONE);
    }

    @Test
    void aMaintenanceWindowHoldsBackTheDevicesItNames() {
        Configuration config = new Configuration();
        config.set(
                AlertPolicyOptions.MAINTENANCE_WINDOWS,
                List.of("fw-*=2026-01-01T00:00:00Z/2026-01-01T01:00:00Z"));
        AlertPolicy maintained = new AlertPolicy(Alerts.policy(config));

        AlertState firewall = new AlertState();
        assertThat(maintained.onSnapshot(firewall, Snapshots.scoring(DEVICE, T0, 0.9), 0.9))
                .isEqualTo(Transition.HOLD);
        assertThat(firewall.heldBy)
                .isEqualTo("maintenance window fw-*=2026-01-01T00:00:00Z/2026-01-01T01:00:00Z");
        assertThat(maintained.onSnapshot(firewall, Snapshots.scoring(DEVICE, T0 + HOUR, 0.9), 0.9))
                .isEqualTo(Transition.TRIGGER);

        assertThat(maintained.onSnapshot(new AlertState(), Snapshots.scoring("rt-1", T0, 0.9), 0.9))
                .isEqualTo(Transition.TRIGGER);
    }

    @Test
    void severityFollowsTheProbabilityRaisedToTheDeviceClassMinimum() {
        Configuration config = new Configuration();
        config.set(
                AlertPolicyOptions.SEVERITY_DEVICE_CLASS_MINIMUM,
                List.of("Firewall:critical", "server:warning"));
        AlertPolicy classy = new AlertPolicy(Alerts.policy(config));

        assertThat(policy.severity(0.59, "firewall")).isEqualTo(AlertSeverity.WARNING);
        assertThat(policy.severity(0.6, "firewall")).isEqualTo(AlertSeverity.ERROR);
        assertThat(policy.severity(0.8, "firewall")).isEqualTo(AlertSeverity.CRITICAL);
        assertThat(classy.severity(0.7, "firewall")).isEqualTo(AlertSeverity.CRITICAL);
        assertThat(classy.severity(0.85, "server"))
                .as("a minimum never lowers")
                .isEqualTo(AlertSeverity.CRITICAL);
        assertThat(classy.severity(0.7, null)).isEqualTo(AlertSeverity.ERROR);

        AlertState state = new AlertState();
        classy.onSnapshot(state, Snapshots.scoring(DEVICE, T0, 0.7), 0.7);
        classy.onSnapshot(state, Snapshots.scoring(DEVICE, T0 + MINUTE, 0.95), 0.95);
        classy.onSnapshot(state, Snapshots.scoring(DEVICE, T0 + 2 * MINUTE, 0.1), 0.1);
        assertThat(state.severity).as("fixed at the trigger").isEqualTo(AlertSeverity.CRITICAL);
    }

    @Test
    void anOpenAlertGoesStaleExactlyStaleAfterItsLastSnapshot() {
        AlertState state = new AlertState();
        at(state, 0.9, T0);
        at(state, 0.9, T0 + HOUR);
        long staleAt = T0 + HOUR + 6 * HOUR;

        assertThat(policy.nextDeadline(state)).isEqualTo(staleAt);
        assertThat(policy.onDeadline(state, staleAt - 1)).isEqualTo(Transition.NONE);
        assertThat(state.open).isTrue();

        assertThat(policy.onDeadline(state, staleAt)).isEqualTo(Transition.RESOLVE);
        assertThat(state.open).isFalse();
        assertThat(state.resolvedAt).isEqualTo(staleAt);
        assertThat(state.resolution).isEqualTo(AlertPolicy.STALE_RESOLUTION);
        assertThat(policy.nextDeadline(state))
                .as("the cooldown runs from the stale resolve")
                .isEqualTo(staleAt + 30 * MINUTE);
    }

    @Test
    void anAlertAboutToOpenIsForgottenWhenItsDeviceGoesQuiet() {
        ChangeRef planned = Snapshots.change("CHG1", T0, ChangeType.PLANNED, false);
        planned.windowEnd = T0 + 12 * HOUR;
        FeatureSnapshot held = Snapshots.scoring(DEVICE, T0, 0.9);
        held.recentChanges = new ChangeRef[] {planned};
        AlertState state = new AlertState();
        assertThat(at(policy, state, held)).isEqualTo(Transition.HOLD);

        assertThat(policy.onDeadline(state, T0 + 6 * HOUR)).isEqualTo(Transition.NONE);
        assertThat(state.heldBy).isNull();
        assertThat(policy.isIdle(state, T0 + 6 * HOUR)).isTrue();
    }

    @Test
    void deadlinesDoNothingToAClosedAlert() {
        AlertState state = new AlertState();
        at(state, 0.9, T0);
        at(state, 0.1, T0 + MINUTE);

        assertThat(policy.onDeadline(state, T0 + 100 * HOUR)).isEqualTo(Transition.NONE);
        assertThat(state.resolvedAt).isEqualTo(T0 + MINUTE);
    }

    @Test
    void anOlderSnapshotDoesNotMoveLastSeenBack() {
        AlertState state = new AlertState();
        at(state, 0.9, T0 + 10 * MINUTE);

        at(state, 0.8, T0 + 5 * MINUTE);

        assertThat(state.lastSeen).isEqualTo(T0 + 10 * MINUTE);
        assertThat(state.lastProbability).isEqualTo(0.8);
    }

    @Test
    void aDeviceWithNoAlertHasNoDeadline() {
        assertThatThrownBy(() -> policy.nextDeadline(new AlertState()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no deadline");
    }
}
