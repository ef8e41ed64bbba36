package org.outagepredictor.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.outagepredictor.alerting.Snapshots.HOUR;
import static org.outagepredictor.alerting.Snapshots.MINUTE;
import static org.outagepredictor.alerting.Snapshots.T0;
import static org.outagepredictor.alerting.Snapshots.change;

import java.util.List;
import org.apache.flink.configuration.Configuration;
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
                new AlertFactory(Alerts.policy(), "job-1")
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
                new AlertFactory(Alerts.policy(), "job-1")
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
        AlertFactory factory = new AlertFactory(Alerts.policy(), "job-1");

        ChangeRef[] suspects =
                factory.suspectChanges(
                        new ChangeRef[] {middle, later, old, recent, null, edge}, NOW);

        assertThat(suspects).containsExactly(recent, middle, edge);
        assertThat(factory.suspectChanges(null, NOW)).isEmpty();
    }

    @Test
    void triggerCarriesTheSnapshotTheModelTheStateAndTheLinks() {
        FeatureSnapshot snapshot = Snapshots.scoring("fw 7", NOW, 0.9);
        ChangeRef recent = change("CHG0001234", NOW - 12 * MINUTE, ChangeType.UNAUTHORISED, true);
        ChangeRef puppet = change("run-9", NOW - 2 * HOUR, ChangeType.CONFIG_RUN, false);
        puppet.source = "puppet";
        snapshot.recentChanges = new ChangeRef[] {recent, puppet};
        Configuration config = new Configuration();
        config.set(
                AlertPolicyOptions.DASHBOARD_URL,
                "http://flink:8081/#/job/running/{jobId}/overview?device={deviceId}");
        config.set(
                AlertPolicyOptions.CHANGE_LINKS,
                List.of("servicenow=https://acme.service-now.com/change_request.do?number={id}"));
        AlertFactory factory = new AlertFactory(Alerts.policy(config), "4f2a");
        AlertState state = new AlertState();
        state.dedupKey = "key-1";
        state.deviceClass = "firewall";
        state.severity = AlertSeverity.ERROR;
        state.openedAt = NOW - 10 * MINUTE;

        Alert alert = factory.firing(AlertStatus.TRIGGER, snapshot, Snapshots.MODEL, 0.9, state);

        assertThat(alert.status).isEqualTo(AlertStatus.TRIGGER);
        assertThat(alert.deviceId).isEqualTo("fw 7");
        assertThat(alert.deviceClass).isEqualTo("firewall");
        assertThat(alert.eventTime).isEqualTo(NOW);
        assertThat(alert.openedAt).isEqualTo(NOW - 10 * MINUTE);
        assertThat(alert.severity).isEqualTo(AlertSeverity.ERROR);
        assertThat(alert.probability).isEqualTo(0.9);
        assertThat(alert.horizonMinutes).isEqualTo(120);
        assertThat(alert.modelVersion).isEqualTo(Snapshots.MODEL_VERSION);
        assertThat(alert.dedupKey).isEqualTo("key-1");
        assertThat(alert.reasons).extracting(r -> r.feature).containsExactly("errors_5m");
        assertThat(alert.suspectChanges)
                .extracting(c -> c.id)
                .containsExactly("CHG0001234", "run-9");
        assertThat(alert.suspectChanges[0].link)
                .isEqualTo("https://acme.service-now.com/change_request.do?number=CHG0001234");
        assertThat(alert.suspectChanges[1].link).as("no template for puppet").isNull();
        assertThat(recent.link).as("the snapshot's refs stay as they were").isNull();
        assertThat(alert.dashboardUrl)
                .isEqualTo("http://flink:8081/#/job/running/4f2a/overview?device=fw+7");
        assertThat(alert.resolution).isNull();
    }

    @Test
    void resolvesSayWhyWithTheLastProbabilityAndItsModel() {
        AlertFactory factory = new AlertFactory(Alerts.policy(), "job-1");
        AlertState state = new AlertState();
        state.dedupKey = "key-2";
        state.deviceClass = "router";
        state.severity = AlertSeverity.CRITICAL;
        state.lastProbability = 0.8;
        state.modelVersion = 6;
        state.resolvedAt = NOW;
        state.resolution = AlertPolicy.STALE_RESOLUTION;

        Alert stale = factory.resolved("rt-1", state);

        assertThat(stale.status).isEqualTo(AlertStatus.RESOLVE);
        assertThat(stale.dedupKey).isEqualTo("key-2");
        assertThat(stale.deviceClass).isEqualTo("router");
        assertThat(stale.severity).as("the trigger's").isEqualTo(AlertSeverity.CRITICAL);
        assertThat(stale.eventTime).isEqualTo(NOW);
        assertThat(stale.probability).isEqualTo(0.8);
        assertThat(stale.reasons).isEmpty();
        assertThat(stale.modelVersion)
                .as("the version that gave the last probability")
                .isEqualTo(6);
        assertThat(stale.resolution).isEqualTo(AlertPolicy.STALE_RESOLUTION);
        assertThat(stale.dashboardUrl).isNull();
    }
}
