package org.outagepredictor.features;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LabeledExampleJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void writesOneObjectOnOneLineWithIsoTimesAndNamedFeatures() throws Exception {
        LabeledExample example = new LabeledExample();
        example.deviceId = "fw-000007";
        example.eventTime = 1767236700000L;
        example.labelTime = 1767245700000L;
        example.positive = false;
        example.weight = 4.0;
        example.cause = LabeledExample.Cause.HORIZON;
        example.values = new double[Feature.COUNT];
        for (int i = 0; i < Feature.COUNT; i++) {
            example.values[i] = i * 0.5;
        }

        String text = LabeledExampleJson.toJson(example);
        JsonNode json = JSON.readTree(text);

        assertThat(text).doesNotContain("\n");
        assertThat(json.path("deviceId").asText()).isEqualTo("fw-000007");
        assertThat(json.path("eventTime").asText()).isEqualTo("2026-01-01T03:05:00Z");
        assertThat(json.path("labelTime").asText()).isEqualTo("2026-01-01T05:35:00Z");
        assertThat(json.path("positive").isBoolean()).isTrue();
        assertThat(json.path("positive").asBoolean()).isFalse();
        assertThat(json.path("cause").asText()).isEqualTo("HORIZON");
        assertThat(json.path("weight").asDouble()).isEqualTo(4.0);
        List<String> names = new ArrayList<>();
        json.path("features").fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactly(Feature.names());
        for (Feature feature : Feature.values()) {
            assertThat(json.path("features").path(Feature.names()[feature.ordinal()]).asDouble())
                    .isEqualTo(feature.ordinal() * 0.5);
        }
        assertThat(LabeledExampleJson.key(example)).isEqualTo("fw-000007@2026-01-01T03:05:00Z");
    }
}
