package org.outagepredictor.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.outagepredictor.alerting.Snapshots.HOUR;
import static org.outagepredictor.alerting.Snapshots.MINUTE;
import static org.outagepredictor.alerting.Snapshots.T0;

import org.junit.jupiter.api.Test;
import org.outagepredictor.alerting.AlertPolicy.Transition;

/** The alert lifecycle rules, driven without Flink, with the default options. */
class AlertPolicyTest {

    private static final String DEVICE = "fw-000007";

    private final AlertPolicy policy = new AlertPolicy(Alerts.policy());

    @Test
    void triggersAtExactlyTheTriggerThresholdAndNotBelow() {
        AlertState below = new AlertState();
        assertThat(policy.onProbability(below, DEVICE, 0.6999, T0)).isEqualTo(Transition.NONE);
        assertThat(below.open).isFalse();

        AlertState at = new AlertState();
        assertThat(policy.onProbability(at, DEVICE, 0.7, T0)).isEqualTo(Transition.TRIGGER);
        assertThat(at.open).isTrue();
        assertThat(at.openedAt).isEqualTo(T0);
        assertThat(at.lastSeen).isEqualTo(T0);
        assertThat(at.lastProbability).isEqualTo(0.7);
        assertThat(at.dedupKey).isEqualTo("outage-predictor:fw-000007:" + T0);
    }

    @Test
    void keepsOneOpenAlertWhileTheRiskStaysHigh() {
        AlertState state = new AlertState();
        policy.onProbability(state, DEVICE, 0.8, T0);

        assertThat(policy.onProbability(state, DEVICE, 0.95, T0 + MINUTE))
                .isEqualTo(Transition.NONE);

        assertThat(state.open).isTrue();
        assertThat(state.dedupKey).isEqualTo(AlertPolicy.dedupKey(DEVICE, T0));
        assertThat(state.openedAt).isEqualTo(T0);
        assertThat(state.lastSeen).isEqualTo(T0 + MINUTE);
        assertThat(state.lastProbability).isEqualTo(0.95);
    }

    @Test
    void hysteresisKeepsTheAlertOpenBetweenTheThresholds() {
        AlertState state = new AlertState();
        policy.onProbability(state, DEVICE, 0.9, T0);

        assertThat(policy.onProbability(state, DEVICE, 0.6, T0 + MINUTE))
                .isEqualTo(Transition.NONE);
        assertThat(policy.onProbability(state, DEVICE, 0.4, T0 + 2 * MINUTE))
                .as("0.4 is not below the resolve threshold 0.4")
                .isEqualTo(Transition.NONE);
        assertThat(state.open).isTrue();

        assertThat(policy.onProbability(state, DEVICE, 0.3999, T0 + 3 * MINUTE))
                .isEqualTo(Transition.RESOLVE);
        assertThat(state.open).isFalse();
        assertThat(state.resolvedAt).isEqualTo(T0 + 3 * MINUTE);
        assertThat(state.dedupKey)
                .as("the resolve carries the trigger's key")
                .isEqualTo(AlertPolicy.dedupKey(DEVICE, T0));
    }

    @Test
    void hysteresisOpensNothingBetweenTheThresholds() {
        AlertState state = new AlertState();

        assertThat(policy.onProbability(state, DEVICE, 0.55, T0)).isEqualTo(Transition.NONE);
        assertThat(state.open).isFalse();
        assertThat(state.resolvedAt).isEqualTo(AlertState.NEVER);
    }

    @Test
    void cooldownHoldsBackANewAlertUntilItHasFullyPassed() {
        AlertState state = new AlertState();
        policy.onProbability(state, DEVICE, 0.9, T0);
        long resolvedAt = T0 + HOUR;
        policy.onProbability(state, DEVICE, 0.1, resolvedAt);

        long cooldownEnd = resolvedAt + 30 * MINUTE;
        assertThat(policy.onProbability(state, DEVICE, 0.99, cooldownEnd - 1))
                .isEqualTo(Transition.NONE);
        assertThat(state.open).isFalse();

        assertThat(policy.onProbability(state, DEVICE, 0.99, cooldownEnd))
                .isEqualTo(Transition.TRIGGER);
        assertThat(state.dedupKey)
                .as("a new alert gets a new key")
                .isEqualTo(AlertPolicy.dedupKey(DEVICE, cooldownEnd));
    }

    @Test
    void anOpenAlertGoesStaleExactlyStaleAfterItsLastSnapshot() {
        AlertState state = new AlertState();
        policy.onProbability(state, DEVICE, 0.9, T0);
        policy.onProbability(state, DEVICE, 0.9, T0 + HOUR);
        long staleAt = T0 + HOUR + 6 * HOUR;

        assertThat(policy.nextDeadline(state)).isEqualTo(staleAt);
        assertThat(policy.onDeadline(state, staleAt - 1)).isEqualTo(Transition.NONE);
        assertThat(state.open).isTrue();

        assertThat(policy.onDeadline(state, staleAt)).isEqualTo(Transition.RESOLVE);
        assertThat(state.open).isFalse();
        assertThat(state.resolvedAt).isEqualTo(staleAt);
        assertThat(policy.nextDeadline(state))
                .as("the cooldown runs from the stale resolve")
                .isEqualTo(staleAt + 30 * MINUTE);
    }

    @Test
    void deadlinesDoNothingToAClosedAlert() {
        AlertState state = new AlertState();
        policy.onProbability(state, DEVICE, 0.9, T0);
        policy.onProbability(state, DEVICE, 0.1, T0 + MINUTE);

        assertThat(policy.onDeadline(state, T0 + 100 * HOUR)).isEqualTo(Transition.NONE);
        assertThat(state.resolvedAt).isEqualTo(T0 + MINUTE);
    }

    @Test
    void anOlderSnapshotDoesNotMoveLastSeenBack() {
        AlertState state = new AlertState();
        policy.onProbability(state, DEVICE, 0.9, T0 + 10 * MINUTE);

        policy.onProbability(state, DEVICE, 0.8, T0 + 5 * MINUTE);

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
