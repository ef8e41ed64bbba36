package org.outagepredictor.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AlertJsonTest {

    @Test
    void writesOneObjectOnOneLineWithIsoTimes() {
        String json = AlertJson.toJson(Alerts.trigger());

        assertThat(json)
                .doesNotContain("\n")
                .startsWith("{\"status\":\"TRIGGER\",\"deviceId\":\"fw-000007\"")
                .contains("\"deviceClass\":\"firewall\"")
                .contains("\"eventTime\":\"2026-01-01T03:05:00Z\"")
                .contains("\"probability\":0.91")
                .contains("\"horizonMinutes\":120")
                .contains("\"modelVersion\":1")
                .contains("\"dedupKey\":\"outage-predictor:fw-000007:1767236700000\"")
                .contains("\"severity\":\"critical\"")
                .contains("\"openedAt\":\"2026-01-01T03:05:00Z\"")
                .contains(
                        "\"reasons\":[{\"feature\":\"errors_5m\",\"description\":\"error events"
                                + " in the last 5 minutes\",\"value\":2.4,\"contribution\":1.2},")
                .contains(
                        "\"suspectChanges\":[{\"id\":\"CHG0001234\",\"source\":\"servicenow\","
                                + "\"time\":\"2026-01-01T02:53:00Z\",\"summary\":\"Change"
                                + " CHG0001234\",\"changeType\":\"UNAUTHORISED\",\"failed\":true}]")
                .endsWith("}")
                .doesNotContain("resolution")
                .doesNotContain("dashboardUrl")
                .doesNotContain("link");
    }

    @Test
    void readsBackWhatItWrote() {
        Alert trigger = Alerts.trigger();
        Alert resolve = Alerts.resolve();

        assertThat(AlertJson.fromJson(AlertJson.toJson(trigger))).isEqualTo(trigger);
        assertThat(AlertJson.fromJson(AlertJson.toJson(resolve))).isEqualTo(resolve);
        Alert linked = Alerts.trigger();
        linked.status = AlertStatus.REFRESH;
        linked.dashboardUrl = "http://flink:8081/#/job/running/abc/overview";
        linked.suspectChanges[0] = linked.suspectChanges[0].withLink("https://sn/CHG0001234");
        assertThat(AlertJson.fromJson(AlertJson.toJson(linked))).isEqualTo(linked);
        assertThat(AlertJson.toJson(resolve))
                .contains("\"resolution\":\"risk fell below 40%\"")
                .contains("\"reasons\":[],\"suspectChanges\":[]");
    }

    @Test
    void leavesOutAnUnknownDeviceClassAndReadsItBackAsNull() {
        Alert alert = Alerts.resolve();
        alert.deviceClass = null;

        String json = AlertJson.toJson(alert);

        assertThat(json).doesNotContain("deviceClass");
        assertThat(AlertJson.fromJson(json).deviceClass).isNull();
    }

    @Test
    void rejectsTextThatIsNotAnAlertSayingWhy() {
        assertThatThrownBy(() -> AlertJson.fromJson("{\"status\":\"TRIGGER\""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> AlertJson.fromJson("[1]"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be an object");
        assertThatThrownBy(() -> AlertJson.fromJson("{\"status\":\"TRIGGER\"}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'deviceId'");
        assertThatThrownBy(
                        () ->
                                AlertJson.fromJson(
                                        AlertJson.toJson(Alerts.resolve())
                                                .replace("\"RESOLVE\"", "\"CLOSED\"")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(
                        "'status' must be one of [TRIGGER, REFRESH, RESOLVE], was 'CLOSED'");
        assertThatThrownBy(
                        () ->
                                AlertJson.fromJson(
                                        AlertJson.toJson(Alerts.resolve())
                                                .replace("2026-01-01T04:00:00Z", "yesterday")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'eventTime' is not an ISO-8601 instant: yesterday");
    }
}
