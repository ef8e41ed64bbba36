package org.outagepredictor.board;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.outagepredictor.alerting.Alert;
import org.outagepredictor.alerting.AlertJson;
import org.outagepredictor.alerting.AlertStatus;
import org.outagepredictor.alerting.Reason;
import org.outagepredictor.alerting.Score;
import org.outagepredictor.alerting.ScoreJson;
import org.outagepredictor.event.ChangeRef;
import org.outagepredictor.model.ModelVersion;
import org.outagepredictor.model.ModelVersionJson;

class DeviceRisksTest {

    @Test
    void keepsTheLatestRiskAndABoundedHistoryPerDevice() {
        DeviceRisks risks = new DeviceRisks(10, 3);
        for (int i = 1; i <= 5; i++) {
            risks.onScore(score("fw-1", i * 1000L, i / 10.0));
        }
        // A repeat of an at-least-once write, and a late score: neither moves the risk.
        risks.onScore(score("fw-1", 5000L, 0.9));
        risks.onScore(score("fw-1", 1500L, 0.9));

        DeviceRisks.DeviceView device = risks.device("fw-1");
        assertThat(device.probability()).isEqualTo(0.5);
        assertThat(device.deviceClass()).isEqualTo("firewall");
        assertThat(device.history())
                .extracting(DeviceRisks.Point::eventTime)
                .containsExactly(3000L, 4000L, 5000L);
        assertThat(device.trend()).isCloseTo(0.2, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(risks.scoringVersion()).isEqualTo(1);
    }

    @Test
    void forgetsTheLeastRecentlyUpdatedDevicePastTheCap() {
        DeviceRisks risks = new DeviceRisks(2, 10);
        risks.onScore(score("a", 1, 0.1));
        risks.onScore(score("b", 1, 0.2));
        risks.onScore(score("a", 2, 0.3));
        risks.onScore(score("c", 1, 0.4));

        assertThat(risks.deviceCount()).isEqualTo(2);
        assertThat(risks.device("b")).isNull();
        assertThat(risks.evicted()).isEqualTo(1);
        assertThat(risks.top(5))
                .extracting(DeviceRisks.DeviceView::deviceId)
                .containsExactly("c", "a");
    }

    @Test
    void anAlertStaysOpenUntilTheResolveWithItsDedupKey() {
        DeviceRisks risks = new DeviceRisks(10, 10);
        risks.onScore(score("fw-1", 1000, 0.5));
        Alert trigger = alert(AlertStatus.TRIGGER, "k1", 1000, 0.5);
        risks.onAlert(AlertJson.fromJson(AlertJson.toJson(trigger)));
        assertThat(risks.device("fw-1").openAlert().dedupKey).isEqualTo("k1");
        assertThat(risks.openAlerts()).isEqualTo(1);

        risks.onAlert(alert(AlertStatus.RESOLVE, "other", 2000, 0.1));
        assertThat(risks.device("fw-1").openAlert()).isNotNull();
        Alert resolve = alert(AlertStatus.RESOLVE, "k1", 3000, 0.1);
        resolve.resolution = "risk fell below 25%";
        risks.onAlert(resolve);

        DeviceRisks.DeviceView device = risks.device("fw-1");
        assertThat(device.openAlert()).isNull();
        assertThat(device.lastTrigger().reasons[0].feature).isEqualTo("errors_1h");
        assertThat(device.changes()).extracting(c -> c.id).containsExactly("CHG1");
        assertThat(device.alerts())
                .extracting(DeviceRisks.AlertMark::status)
                .containsExactly(AlertStatus.TRIGGER, AlertStatus.RESOLVE, AlertStatus.RESOLVE);
        assertThat(device.alerts().get(2).resolution()).isEqualTo("risk fell below 25%");
    }

    @Test
    void readsScoresAndModelVersionsAsTheJobWritesThem() {
        Score score = ScoreJson.fromJson(ScoreJson.toJson(score("db-2", 1767236700000L, 0.25)));
        assertThat(score.deviceId).isEqualTo("db-2");
        assertThat(score.deviceClass).isEqualTo("firewall");
        assertThat(score.eventTime).isEqualTo(1767236700000L);
        assertThat(score.probability).isEqualTo(0.25);

        ModelVersion version = new ModelVersion();
        version.version = 7;
        version.publishedAt = 1000;
        version.examplesTrained = 500;
        version.coefficients = new double[org.outagepredictor.features.Feature.COUNT];
        version.prAuc = 0.61;
        version.logLoss = 0.2;
        version.precision = Double.NaN;
        version.recall = 0.5;
        DeviceRisks.ModelInfo info = BoardFeed.modelInfo(ModelVersionJson.toJson(version));
        assertThat(info.version()).isEqualTo(7);
        assertThat(info.prAuc()).isEqualTo(0.61);
        assertThat(info.precision()).isNaN();

        DeviceRisks risks = new DeviceRisks(10, 10);
        risks.onModelVersion(info);
        risks.onModelVersion(BoardFeed.modelInfo(ModelVersionJson.toJson(version)));
        assertThat(risks.modelVersions()).hasSize(1);
    }

    static Score score(String device, long time, double probability) {
        Score score = new Score();
        score.deviceId = device;
        score.deviceClass = "firewall";
        score.eventTime = time;
        score.probability = probability;
        score.modelVersion = 1;
        return score;
    }

    static Alert alert(AlertStatus status, String dedupKey, long time, double probability) {
        Alert alert = new Alert();
        alert.status = status;
        alert.deviceId = "fw-1";
        alert.deviceClass = "firewall";
        alert.dedupKey = dedupKey;
        alert.eventTime = time;
        alert.probability = probability;
        alert.modelVersion = 1;
        if (status == AlertStatus.TRIGGER) {
            Reason reason = new Reason();
            reason.feature = "errors_1h";
            reason.description = "error events in the last hour";
            reason.value = 2;
            reason.contribution = 1.5;
            alert.reasons = new Reason[] {reason};
            ChangeRef change = new ChangeRef();
            change.id = "CHG1";
            change.source = "servicenow";
            change.time = time - 60_000;
            change.summary = "Upgrade";
            alert.suspectChanges = new ChangeRef[] {change};
        }
        return alert;
    }
}
