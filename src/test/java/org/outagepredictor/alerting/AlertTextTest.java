package org.outagepredictor.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AlertTextTest {

    @Test
    void formatsATriggerAsOneLineForOnCall() {
        assertThat(AlertText.format(Alerts.trigger()))
                .isEqualTo(
                        "TRIGGER CRITICAL fw-000007 (firewall) 91% risk of outage within 2h [model v1]"
                                + " at 2026-01-01T03:05:00Z reasons: error events in the last 5"
                                + " minutes (+1.20), failed changes in the last hour (+0.85)"
                                + " suspect changes: CHG0001234 UNAUTHORISED failed 12 min"
                                + " before");
    }

    @Test
    void showsChangeAndDashboardLinks() {
        Alert alert = Alerts.trigger();
        alert.reasons = new Reason[0];
        alert.suspectChanges[0] = alert.suspectChanges[0].withLink("https://sn/CHG0001234");
        alert.dashboardUrl = "http://flink:8081/";

        assertThat(AlertText.format(alert))
                .endsWith(
                        " suspect changes: CHG0001234 UNAUTHORISED failed 12 min before"
                                + " https://sn/CHG0001234 dashboard: http://flink:8081/");
    }

    @Test
    void formatsAResolveWithItsResolution() {
        assertThat(AlertText.format(Alerts.resolve()))
                .isEqualTo(
                        "RESOLVE fw-000007 (firewall) 32% risk of outage within 2h [model v1]"
                                + " at 2026-01-01T04:00:00Z resolved: risk fell below 40%");
    }

    @Test
    void formatsOddHorizonsOldChangesAndUnknownClasses() {
        Alert alert = Alerts.trigger();
        alert.deviceClass = null;
        alert.horizonMinutes = 90;
        alert.reasons = new Reason[0];
        alert.suspectChanges[0].time = alert.eventTime - 5 * Snapshots.HOUR;
        alert.suspectChanges[0].changeType = null;
        alert.suspectChanges[0].failed = false;

        assertThat(AlertText.format(alert))
                .isEqualTo(
                        "TRIGGER CRITICAL fw-000007 91% risk of outage within 1h30m [model v1]"
                                + " at 2026-01-01T03:05:00Z suspect changes: CHG0001234 5 h"
                                + " before");
    }

    @Test
    void neverRoundsAnUncertainRiskUpToCertainty() {
        assertThat(AlertText.percent(0.997)).isEqualTo("99%");
        assertThat(AlertText.percent(1.0)).isEqualTo("100%");
        assertThat(AlertText.percent(0.705)).isEqualTo("71%");
        assertThat(AlertText.percent(0.0)).isEqualTo("0%");
    }
}
