package org.outagepredictor.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.outagepredictor.event.ChangeType;
import org.outagepredictor.event.EventKind;
import org.outagepredictor.event.Feedback;
import org.outagepredictor.event.OpsEvent;
import org.outagepredictor.event.Severity;

/**
 * This project's own JSON event schema, for sources without a parser of their own: one event
 * object, or an array of them. docs/inputs.md is the reference.
 *
 * <pre>{@code
 * {"device": "web-01", "time": "2026-11-24T10:15:00Z" or 1795515300000,
 *  "kind": "change|alert|log|metric|incident|feedback",
 *  "source": "...", "reference": "...", "summary": "...", "device_class": "server",
 *  "severity": "warning",                    alert, log: a mapping.severity-names word
 *  "change_type": "planned", "failed": true, change: a canonical type or a mapping.change value
 *  "window_end": "2026-11-24T12:00:00Z",     change, optional: end of its approved window
 *  "metric": "cpu_util", "value": 93.5,      metric
 *  "priority": 1,                            incident: 1 to 5 or a priority name
 *  "feedback": "acknowledged-mitigated"}     feedback, with reference = the alert's dedup key
 * }</pre>
 *
 * <p>The device field is {@code mapping.generic-json.device-field}. {@code time} is epoch
 * milliseconds as a number, or ISO-8601 text (UTC if it has no offset); an incident of any priority
 * is an INCIDENT event (which priorities are outages is {@code labels.outage-priorities}). Unknown
 * fields are ignored; an unknown kind is an error.
 *
 * <p>Limits: no nested events; {@code source} defaults to {@code generic-json}.
 */
final class GenericJsonParser extends AbstractRecordParser {

    private static final long serialVersionUID = 1L;

    private final FieldMapping mapping;

    GenericJsonParser(FieldMapping mapping) {
        super("generic JSON");
        this.mapping = mapping;
    }

    @Override
    List<OpsEvent> parseRecord(byte[] value) throws MalformedRecordException, IOException {
        JsonNode root = Json.read(value);
        if (root == null || root.isMissingNode()) {
            throw new MalformedRecordException("empty generic JSON record");
        }
        if (root.isObject()) {
            return event(root);
        }
        if (!root.isArray()) {
            throw new MalformedRecordException(
                    "a generic JSON record must be an object or an array of objects, found "
                            + Json.kind(root));
        }
        List<OpsEvent> events = new ArrayList<>(root.size());
        for (int i = 0; i < root.size(); i++) {
            JsonNode object = root.get(i);
            try {
                if (!object.isObject()) {
                    throw new MalformedRecordException(
                            "must be an object, found " + Json.kind(object));
                }
                events.addAll(event(object));
            } catch (MalformedRecordException e) {
                throw new MalformedRecordException("[" + i + "]: " + e.getMessage(), e);
            }
        }
        return events;
    }

    private List<OpsEvent> event(JsonNode object) throws MalformedRecordException {
        String kindName = Json.requireText(object, "kind");
        EventKind kind;
        try {
            kind = EventKind.valueOf(kindName.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new MalformedRecordException(
                    "unknown kind '"
                            + Times.abbreviate(kindName)
                            + "', expected change, alert, log, metric, incident or feedback");
        }
        String field = mapping.genericJsonDeviceField;
        OpsEvent event =
                OpsEvent.of(
                        kind,
                        mapping.device(Json.text(object, field), field),
                        time(object, "time"));
        String source = Json.text(object, "source");
        event.source = source != null ? source : "generic-json";
        event.reference = Json.text(object, "reference");
        event.summary = Json.text(object, "summary");
        event.deviceClass = Json.text(object, "device_class");
        switch (kind) {
            case CHANGE:
                event.changeType = changeType(Json.requireText(object, "change_type"));
                event.failed = Json.flag(object, "failed");
                if (Json.at(object, "window_end") != null) {
                    event.windowEnd = time(object, "window_end");
                }
                break;
            case ALERT:
            case LOG:
                event.severity = severity(Json.requireText(object, "severity"));
                break;
            case METRIC:
                event.metricName = Json.requireText(object, "metric");
                event.value = number(object, "value");
                break;
            case INCIDENT:
                String priority = Json.requireText(object, "priority");
                Integer canonical = mapping.priority(priority);
                if (canonical == null) {
                    throw new MalformedRecordException(
                            "field 'priority' value '"
                                    + Times.abbreviate(priority)
                                    + "' is not 1 to 5 nor in "
                                    + MappingOptions.INCIDENT_PRIORITY_NAMES.key());
                }
                event.priority = canonical;
                break;
            case FEEDBACK:
                event.feedback = feedback(Json.requireText(object, "feedback"));
                event.reference = Json.requireText(object, "reference");
                break;
            default:
                throw new MalformedRecordException("unknown kind '" + kindName + "'");
        }
        return List.of(event);
    }

    private static long time(JsonNode object, String field) throws MalformedRecordException {
        JsonNode time = Json.at(object, field);
        if (time == null) {
            throw new MalformedRecordException("missing field '" + field + "'");
        }
        if (time.isIntegralNumber()) {
            return time.asLong();
        }
        if (time.isTextual()) {
            return Times.iso(time.asText(), field);
        }
        throw new MalformedRecordException(
                "field '"
                        + field
                        + "' must be epoch milliseconds or ISO-8601 text, found "
                        + Json.kind(time));
    }

    private ChangeType changeType(String name) throws MalformedRecordException {
        String canonical = name.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (ChangeType type : ChangeType.values()) {
            if (type.name().equals(canonical)) {
                return type;
            }
        }
        ChangeType mapped = mapping.changeType(name);
        if (mapped == null) {
            throw new MalformedRecordException(
                    "field 'change_type' value '"
                            + Times.abbreviate(name)
                            + "' is no change type nor in "
                            + FieldMapping.changeTypeOptions());
        }
        return mapped;
    }

    private Severity severity(String word) throws MalformedRecordException {
        Severity severity = mapping.severity(word);
        if (severity == null) {
            throw new MalformedRecordException(
                    "field 'severity' value '"
                            + Times.abbreviate(word)
                            + "' is not in "
                            + MappingOptions.SEVERITY_NAMES.key());
        }
        return severity;
    }

    private static double number(JsonNode object, String field) throws MalformedRecordException {
        JsonNode value = Json.at(object, field);
        if (value == null) {
            throw new MalformedRecordException("missing field '" + field + "'");
        }
        if (!value.isNumber() || !Double.isFinite(value.asDouble())) {
            throw new MalformedRecordException(
                    "field '" + field + "' must be a finite number, found " + Json.kind(value));
        }
        return value.asDouble();
    }

    private static Feedback feedback(String answer) throws MalformedRecordException {
        switch (answer.trim().toLowerCase(Locale.ROOT)) {
            case "acknowledged-mitigated":
                return Feedback.ACKNOWLEDGED_MITIGATED;
            case "dismissed":
                return Feedback.DISMISSED;
            default:
                throw new MalformedRecordException(
                        "field 'feedback' must be acknowledged-mitigated or dismissed, found '"
                                + Times.abbreviate(answer)
                                + "'");
        }
    }
}
