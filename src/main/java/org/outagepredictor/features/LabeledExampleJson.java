package org.outagepredictor.features;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * The JSON form of a {@link LabeledExample}, one object on one line, for the labels topic: what the
 * trainer learns from, for audit and for training elsewhere.
 *
 * <pre>{@code
 * {"deviceId":"fw-000007","eventTime":"2026-01-01T03:05:00Z","labelTime":"2026-01-01T05:20:00Z",
 *  "positive":false,"cause":"HORIZON","weight":4.0,"features":{"event_rate":0.25,...}}
 * }</pre>
 *
 * <p>Times are ISO-8601 UTC, as in alerts; {@code features} names each value of the snapshot's
 * vector as {@link Feature#names()} does.
 */
public final class LabeledExampleJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static final String[] FEATURE_NAMES = Feature.names();

    private LabeledExampleJson() {}

    /** The key of the example's record: its device and snapshot time, unique per example. */
    public static String key(LabeledExample example) {
        return example.deviceId + "@" + Instant.ofEpochMilli(example.eventTime);
    }

    public static String toJson(LabeledExample example) {
        StringWriter out = new StringWriter(512);
        try (JsonGenerator json = MAPPER.getFactory().createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("deviceId", example.deviceId);
            json.writeStringField("eventTime", Instant.ofEpochMilli(example.eventTime).toString());
            json.writeStringField("labelTime", Instant.ofEpochMilli(example.labelTime).toString());
            json.writeBooleanField("positive", example.positive);
            json.writeStringField("cause", example.cause == null ? null : example.cause.name());
            json.writeNumberField("weight", example.weight);
            json.writeObjectFieldStart("features");
            if (example.values != null) {
                for (int i = 0; i < example.values.length && i < FEATURE_NAMES.length; i++) {
                    json.writeNumberField(FEATURE_NAMES[i], example.values[i]);
                }
            }
            json.writeEndObject();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("Writing JSON to a string cannot fail", e);
        }
        return out.toString();
    }
}
