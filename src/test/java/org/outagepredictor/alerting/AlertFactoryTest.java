package org.outagepredictor.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.outagepredictor.alerting.Snapshots.HOUR;
import static org.outagepredictor.alerting.Snapshots.MINUTE;
import static org.outagepredictor.alerting.Snapshots.T0;
import static org.outagepredictor.alerting.Snapshots.change;

import org.junit.jupiter.api.Test;
import org.outagepredictor.event.ChangeRef;
import org.outagepredictor.event.ChangeType;
import org.outagepredictor.features.Feature;
import org.outagepredictor.features.FeatureSnapshot;
import org.outagepredictor.model.LogisticModel;

class AlertFactoryTest {

    private static final long NOW = T0 + 48 * HOUR;

    @Test
    void reasonsAreTheLargestPositiveContributionsWithoutTheBias() {
        double[] coefficients = new double[Feature.COUNT];
        coefficients[Feature.BIAS.ordinal()] = 5.0;
        coefficients[Feature.ERRORS_5M.ordinal()] = 0.6;
        coefficients[Feature.FAILED_CHANGES_1H.ordinal()] = 1.0;
        coefficients[Feature.UNAUTHORISED_CHANGES_24H.ordinal()] = 2.0;
        coefficients[Feature.METRIC_MAX_Z.ordinal()] = 0.1;
        coefficients[Feature.INCIDENTS_24H.ordinal()] = -3.0;
        double[] values = new double[Feature.COUNT];
        values[Feature.BIAS.ordinal()] = 1.0;
        values[Feature.ERRORS_5M.ordinal()] = 2.0; // 1.2
        values[Feature.FAILED_CHANGES_1H.ordinal()] = 0.5; // 0.5
        values[Feature.UNAUTHORISED_CHANGES_24H.ordinal()] = 0.25; // 0.5, ties come in order
        values[Feature.METRIC_MAX_Z.ordinal()] = 1.0; // 0.1, fourth: cut
        values[Feature.INCIDENTS_24H.ordinal()] = 1.0; // -3, negative: never a reason

        Reason[] reasons =
                new AlertFactory(Alerts.policy())
                        .reasons(new LogisticModel(1, coefficients), values);

        assertThat(reasons)
                .extracting(r -> r.feature)
                .containsExactly("errors_5m", "failed_changes_1h", "unauthorised_changes_24h");
        assertThat(reasons[0].description).isEqualTo(Feature.ERRORS_5M.description());
        assertThat(reasons[0].value).isEqualTo(2.0);
        assertThat(reasons[0].contribution).isEqualTo(1.2);
    }

    @Test
    void listsFewerReasonsWhenFewerFeaturesPushTheRiskUp() {
        double[] coefficients = new double[Feature.COUNT];
        coefficients[Feature.BIAS.ordinal()] = 3.0;
        coefficients[Feature.ALERTS_1H.ordinal()] = -1.0;
        coefficients[Feature.CHANGES_1H.ordinal()] = 0.7;
        double[] values = new double[Feature.COUNT];
        values[Feature.BIAS.ordinal()] = 1.0;
        values[Feature.ALERTS_1H.ordinal()] = 1.0;
        values[Feature.CHANGES_1H.ordinal()] = 1.0;

        Reason[] reasons =
                new AlertFactory(Alerts.policy())
                        .reasons(new LogisticModel(1, coefficients), values);

        assertThat(reasons).extracting(r -> r.feature).containsExactly("changes_1h");
    }

    @Test
    void suspectChangesAreThoseInTheWindowBeforeTheAlertNewestFirst() {
        ChangeRef old = change("CHG-OLD", NOW - 25 * HOUR, ChangeType.PLANNED, false);
        ChangeRef edge = change("CHG-EDGE", NOW - 24 * HOUR, ChangeType.PLANNED, false);
        ChangeRef recent = change("CHG-RECENT", NOW - 12 * MINUTE, ChangeType.UNAUTHORISED, true);
        ChangeRef middle = change("CHG-MIDDLE", NOW - 3 * HOUR, ChangeType.CONFIG_RUN, false);
        ChangeRef later = change("CHG-LATER", NOW + MINUTE, ChangeType.EMERGENCY, false);
        AlertFactory factory = new AlertFactory(Alerts.policy());

        ChangeRef[] suspects =
                factory.suspectChanges(
                        new ChangeRef[] {middle, later, old, recent, null, edge}, NOW);

        assertThat(suspects).containsExactly(recent, middle, edge);
        assertThat(factory.suspectChanges(null, NOW)).isEmpty();
    }

    @Test
    void triggerCarriesTheSnapshotTheModelAndTheHorizon() {
        FeatureSnapshot snapshot = Snapshots.scoring("fw-000007", NOW, 0.9);
        ChangeRef recent = change("CHG0001234", NOW - 12 * MINUTE, ChangeType.UNAUTHORISED, true);
        snapshot.recentChanges = new ChangeRef[] {recent};
        AlertFactory factory = new AlertFactory(Alerts.policy());

        Alert alert = factory.trigger(snapshot, Snapshots.MODEL, 0.9, "key-1");

        assertThat(alert.status).isEqualTo(AlertStatus.TRIGGER);
        assertThat(alert.deviceId).isEqualTo("fw-000007");
        assertThat(alert.deviceClass).isEqualTo("firewall");
        assertThat(alert.eventTime).isEqualTo(NOW);
        assertThat(alert.probability).isEqualTo(0.9);
        assertThat(alert.horizonMinutes).isEqualTo(120);
        assertThat(alert.modelVersion).isEqualTo(Snapshots.MODEL_VERSION);
        assertThat(alert.dedupKey).isEqualTo("key-1");
        assertThat(alert.reasons).extracting(r -> r.feature).containsExactly("errors_5m");
        assertThat(alert.suspectChanges).containsExactly(recent);
        assertThat(alert.resolution).isNull();
    }

    @Test
    void resolvesSayWhy() {
        AlertFactory factory = new AlertFactory(Alerts.policy());
        AlertState state = new AlertState();
        state.dedupKey = "key-2";
        state.deviceClass = "router";
        state.lastProbability = 0.8;
        state.modelVersion = 6;
        state.resolvedAt = NOW;

        Alert byRisk = factory.resolvedByRisk(Snapshots.scoring("rt-1", NOW, 0.2), 7, 0.2, state);
        Alert stale = factory.resolvedStale("rt-1", state);

        assertThat(byRisk.status).isEqualTo(AlertStatus.RESOLVE);
        assertThat(byRisk.dedupKey).isEqualTo("key-2");
        assertThat(byRisk.probability).isEqualTo(0.2);
        assertThat(byRisk.resolution).isEqualTo("risk fell below 40%");
        assertThat(byRisk.reasons).isEmpty();
        assertThat(byRisk.modelVersion).isEqualTo(7);
        assertThat(stale.status).isEqualTo(AlertStatus.RESOLVE);
        assertThat(stale.dedupKey).isEqualTo("key-2");
        assertThat(stale.deviceClass).isEqualTo("router");
        assertThat(stale.eventTime).isEqualTo(NOW);
        assertThat(stale.probability).isEqualTo(0.8);
        assertThat(stale.modelVersion)
                .as("the version that gave the last probability")
                .isEqualTo(6);
        assertThat(stale.resolution).isEqualTo(AlertFactory.STALE_RESOLUTION);
    }
}
