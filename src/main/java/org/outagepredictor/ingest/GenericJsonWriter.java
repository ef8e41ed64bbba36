package org.outagepredictor.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Locale;
import org.outagepredictor.event.Feedback;
import org.outagepredictor.event.OpsEvent;

/**
 * Writes an {@link OpsEvent} in the generic JSON event schema that {@code GenericJsonParser} reads
 * (docs/inputs.md): one object on one line, time in epoch milliseconds, fields that do not apply
 * left out. The simulator's history files and its Kafka records are written with it, so that they
 * come back in through the same parser as any organisation's own events.
 */
public final class GenericJsonWriter {

    private static final JsonFactory FACTORY = new JsonFactory();

    private GenericJsonWriter() {}

    public static String toJson(OpsEvent event) {
        StringWriter out = new StringWriter(192);
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("device", event.deviceId);
            json.writeNumberField("time", event.eventTime);
            json.writeStringField("kind", event.kind.name().toLowerCase(Locale.ROOT));
            writeIfPresent(json, "device_class", event.deviceClass);
            writeIfPresent(json, "source", event.source);
            writeIfPresent(json, "reference", event.reference);
            writeIfPresent(json, "summary", event.summary);
            switch (event.kind) {
                case CHANGE:
                    json.writeStringField(
                            "change_type", event.changeType.name().toLowerCase(Locale.ROOT));
                    json.writeBooleanField("failed", event.failed);
                    if (event.windowEnd != 0) {
                        json.writeNumberField("window_end", event.windowEnd);
                    }
                    break;
                case ALERT:
                case LOG:
                    json.writeStringField(
                            "severity", event.severity.name().toLowerCase(Locale.ROOT));
                    break;
                case METRIC:
                    json.writeStringField("metric", event.metricName);
                    json.writeNumberField("value", event.value);
                    break;
                case INCIDENT:
                    json.writeNumberField("priority", event.priority);
                    break;
                case FEEDBACK:
                    json.writeStringField(
                            "feedback",
                            event.feedback == Feedback.DISMISSED
                                    ? "dismissed"
                                    : "acknowledged-mitigated");
                    break;
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("Writing JSON to a string cannot fail", e);
        }
        return out.toString();
    }

    private static void writeIfPresent(JsonGenerator json, String field, String value)
            throws IOException {
        if (value != null) {
            json.writeStringField(field, value);
        }
    }
}
