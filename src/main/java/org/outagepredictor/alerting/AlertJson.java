package org.outagepredictor.alerting;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import org.apache.flink.util.Preconditions;
import org.outagepredictor.event.ChangeRef;
import org.outagepredictor.event.ChangeType;

/**
 * The JSON form of an {@link Alert}: one object on one line (JSON Lines), field names as in {@link
 * Alert}, times as ISO-8601 UTC strings ({@code "2026-01-01T03:05:00Z"}), fields that are {@code
 * null} left out. docs/alerts.md shows an example.
 *
 * <p>Written with Jackson's streaming generator rather than data binding, so that the layout is
 * fixed here, field by field, and does not change when a field is added to the POJO.
 */
public final class AlertJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonFactory FACTORY = MAPPER.getFactory();

    private AlertJson() {}

    /** The alert as one line of JSON, without a line terminator. */
    public static String toJson(Alert alert) {
        Preconditions.checkNotNull(alert, "alert must not be null");
        StringWriter out = new StringWriter(512);
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            json.writeStartObject();
            writeString(json, "status", alert.status == null ? null : alert.status.name());
            writeString(json, "deviceId", alert.deviceId);
            writeString(json, "deviceClass", alert.deviceClass);
            json.writeStringField("eventTime", Instant.ofEpochMilli(alert.eventTime).toString());
            json.writeNumberField("probability", alert.probability);
            json.writeNumberField("horizonMinutes", alert.horizonMinutes);
            json.writeNumberField("modelVersion", alert.modelVersion);
            writeString(json, "dedupKey", alert.dedupKey);
            writeString(
                    json, "severity", alert.severity == null ? null : alert.severity.lowerCase());
            json.writeStringField("openedAt", Instant.ofEpochMilli(alert.openedAt).toString());
            writeString(json, "dashboardUrl", alert.dashboardUrl);
            writeReasons(json, alert.reasons);
            writeChanges(json, alert.suspectChanges);
            writeString(json, "resolution", alert.resolution);
            json.writeEndObject();
        } catch (IOException e) {
            // A StringWriter does not fail; only a bug in the generator could get here.
            throw new UncheckedIOException("Could not write alert " + alert.dedupKey, e);
        }
        return out.toString();
    }

    /**
     * Reads an alert written by {@link #toJson}. {@code status}, {@code deviceId}, {@code
     * eventTime} and {@code dedupKey} are required; missing arrays read as empty.
     *
     * @throws IllegalArgumentException if the text is not such an alert, saying what is wrong
     */
    public static Alert fromJson(String json) {
        Preconditions.checkNotNull(json, "json must not be null");
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "Alert is not valid JSON: " + e.getOriginalMessage(), e);
        }
        Preconditions.checkArgument(
                root != null && root.isObject(), "Alert JSON must be an object, was: %s", json);
        Alert alert = new Alert();
        alert.status = enumValue(AlertStatus.class, requiredText(root, "status"), "status");
        alert.deviceId = requiredText(root, "deviceId");
        alert.deviceClass = optionalText(root, "deviceClass");
        alert.eventTime = time(requiredText(root, "eventTime"), "eventTime");
        alert.probability = root.path("probability").asDouble();
        alert.horizonMinutes = root.path("horizonMinutes").asInt();
        alert.modelVersion = root.path("modelVersion").asLong();
        alert.dedupKey = requiredText(root, "dedupKey");
        String severity = optionalText(root, "severity");
        alert.severity =
                severity == null
                        ? null
                        : enumValue(
                                AlertSeverity.class, severity.toUpperCase(Locale.ROOT), "severity");
        String openedAt = optionalText(root, "openedAt");
        alert.openedAt = openedAt == null ? alert.eventTime : time(openedAt, "openedAt");
        alert.dashboardUrl = optionalText(root, "dashboardUrl");
        JsonNode reasons = root.path("reasons");
        alert.reasons = new Reason[reasons.size()];
        for (int i = 0; i < reasons.size(); i++) {
            JsonNode node = reasons.get(i);
            Reason reason = new Reason();
            reason.feature = optionalText(node, "feature");
            reason.description = optionalText(node, "description");
            reason.value = node.path("value").asDouble();
            reason.contribution = node.path("contribution").asDouble();
            alert.reasons[i] = reason;
        }
        JsonNode changes = root.path("suspectChanges");
        alert.suspectChanges = new ChangeRef[changes.size()];
        for (int i = 0; i < changes.size(); i++) {
            JsonNode node = changes.get(i);
            ChangeRef change = new ChangeRef();
            change.id = optionalText(node, "id");
            change.source = optionalText(node, "source");
            change.time = time(requiredText(node, "time"), "suspectChanges[].time");
            change.summary = optionalText(node, "summary");
            String changeType = optionalText(node, "changeType");
            change.changeType =
                    changeType == null
                            ? null
                            : enumValue(
                                    ChangeType.class, changeType, "suspectChanges[].changeType");
            change.failed = node.path("failed").asBoolean();
            change.link = optionalText(node, "link");
            alert.suspectChanges[i] = change;
        }
        alert.resolution = optionalText(root, "resolution");
        return alert;
    }

    private static void writeString(JsonGenerator json, String name, String value)
            throws IOException {
        if (value != null) {
            json.writeStringField(name, value);
        }
    }

    private static void writeReasons(JsonGenerator json, Reason[] reasons) throws IOException {
        json.writeArrayFieldStart("reasons");
        if (reasons != null) {
            for (Reason reason : reasons) {
                json.writeStartObject();
                writeString(json, "feature", reason.feature);
                writeString(json, "description", reason.description);
                json.writeNumberField("value", reason.value);
                json.writeNumberField("contribution", reason.contribution);
                json.writeEndObject();
            }
        }
        json.writeEndArray();
    }

    private static void writeChanges(JsonGenerator json, ChangeRef[] changes) throws IOException {
        json.writeArrayFieldStart("suspectChanges");
        if (changes != null) {
            for (ChangeRef change : changes) {
                json.writeStartObject();
                writeString(json, "id", change.id);
                writeString(json, "source", change.source);
                json.writeStringField("time", Instant.ofEpochMilli(change.time).toString());
                writeString(json, "summary", change.summary);
                writeString(
                        json,
                        "changeType",
                        change.changeType == null ? null : change.changeType.name());
                json.writeBooleanField("failed", change.failed);
                writeString(json, "link", change.link);
                json.writeEndObject();
            }
        }
        json.writeEndArray();
    }

    private static String requiredText(JsonNode node, String field) {
        JsonNode value = node.get(field);
        Preconditions.checkArgument(
                value != null && value.isTextual(),
                "Alert JSON needs the text field '%s', in: %s",
                field,
                node);
        return value.asText();
    }

    private static String optionalText(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, String text, String field) {
        try {
            return Enum.valueOf(type, text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    String.format(
                            "Alert JSON field '%s' must be one of %s, was '%s'",
                            field, Arrays.toString(type.getEnumConstants()), text),
                    e);
        }
    }

    private static long time(String text, String field) {
        try {
            return Instant.parse(text).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    "Alert JSON field '" + field + "' is not an ISO-8601 instant: " + text, e);
        }
    }
}
