package org.outagepredictor.alerting;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.apache.flink.util.Preconditions;

/**
 * The JSON form of a {@link Score}, one object on one line, for the scores topic:
 *
 * <pre>{@code
 * {"deviceId":"fw-000007","deviceClass":"firewall","eventTime":"2026-01-01T03:05:00Z",
 *  "probability":0.91,"modelVersion":1}
 * }</pre>
 *
 * <p>{@code deviceClass} is left out when unknown; times are ISO-8601 UTC, as in alerts.
 */
public final class ScoreJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ScoreJson() {}

    public static String toJson(Score score) {
        StringWriter out = new StringWriter(160);
        try (JsonGenerator json = MAPPER.getFactory().createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("deviceId", score.deviceId);
            if (score.deviceClass != null) {
                json.writeStringField("deviceClass", score.deviceClass);
            }
            json.writeStringField("eventTime", Instant.ofEpochMilli(score.eventTime).toString());
            json.writeNumberField("probability", score.probability);
            json.writeNumberField("modelVersion", score.modelVersion);
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("Writing JSON to a string cannot fail", e);
        }
        return out.toString();
    }

    /**
     * Reads a score written by {@link #toJson}.
     *
     * @throws IllegalArgumentException if the text is not such a score, saying what is wrong
     */
    public static Score fromJson(String text) {
        JsonNode root;
        try {
            root = MAPPER.readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException("Score is not valid JSON: " + e.getMessage(), e);
        }
        Preconditions.checkArgument(
                root != null
                        && root.path("deviceId").isTextual()
                        && root.path("eventTime").isTextual()
                        && root.path("probability").isNumber(),
                "Score JSON needs deviceId, eventTime and probability, was: %s",
                text);
        Score score = new Score();
        score.deviceId = root.get("deviceId").asText();
        JsonNode deviceClass = root.get("deviceClass");
        score.deviceClass =
                deviceClass == null || deviceClass.isNull() ? null : deviceClass.asText();
        try {
            score.eventTime = Instant.parse(root.get("eventTime").asText()).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("Score eventTime is not an ISO-8601 instant", e);
        }
        score.probability = root.get("probability").asDouble();
        score.modelVersion = root.path("modelVersion").asLong();
        return score;
    }
}
