package org.outagepredictor.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.outagepredictor.event.EventKind;
import org.outagepredictor.event.OpsEvent;
import org.outagepredictor.event.Severity;

/**
 * Splunk HTTP Event Collector JSON ({@code /services/collector/event}): one event object, or
 * several concatenated in one body as HEC allows, each {@code {"time": 1732440000.123, "host": ...,
 * "source": ..., "sourcetype": ..., "event": "text" or {...}, "fields": {...}}}. Each becomes a LOG
 * on the device named by {@code mapping.splunk-hec.device-field} (default {@code host}).
 *
 * <p>Severity: the word in {@code mapping.splunk-hec.severity-field} (default {@code
 * fields.severity}) through {@code mapping.severity-names}; without that field, the first word of
 * the event text found in {@code mapping.splunk-hec.severity-keywords} ({@code ERROR}, {@code
 * WARN}, ...); without one, INFO. The summary is the event text's first line, or for an object
 * event its {@code message} or {@code msg} field, else the object as JSON.
 *
 * <p>Limits: {@code time} is required (HEC would use the arrival time; the parser does not know
 * it), in epoch seconds as a number or a numeric string; the raw endpoint's plain-text bodies are
 * not read; metric events ({@code "event": "metric"}) are read as logs.
 */
final class SplunkHecParser extends AbstractRecordParser {

    private static final long serialVersionUID = 1L;

    private final FieldMapping mapping;

    SplunkHecParser(FieldMapping mapping) {
        super("Splunk HEC");
        this.mapping = mapping;
    }

    @Override
    List<OpsEvent> parseRecord(byte[] value) throws MalformedRecordException, IOException {
        List<OpsEvent> events = new ArrayList<>(1);
        try (MappingIterator<JsonNode> objects =
                Json.MAPPER.readerFor(JsonNode.class).readValues(value)) {
            while (objects.hasNextValue()) {
                JsonNode object = objects.nextValue();
                String where = "event " + (events.size() + 1) + ": ";
                if (!object.isObject()) {
                    throw new MalformedRecordException(
                            where + "must be a JSON object, found " + Json.kind(object));
                }
                try {
                    events.add(event(object));
                } catch (MalformedRecordException e) {
                    throw new MalformedRecordException(where + e.getMessage(), e);
                }
            }
        }
        if (events.isEmpty()) {
            throw new MalformedRecordException("empty Splunk HEC record");
        }
        return events;
    }

    private OpsEvent event(JsonNode object) throws MalformedRecordException {
        String field = mapping.splunkHecDeviceField;
        String device = mapping.device(Json.text(object, field), field);
        OpsEvent event = OpsEvent.of(EventKind.LOG, device, time(object));
        JsonNode body = Json.at(object, "event");
        if (body == null) {
            throw new MalformedRecordException("missing field 'event'");
        }
        String text;
        if (body.isObject()) {
            String message = Json.text(body, "message");
            text = message != null ? message : Json.text(body, "msg");
            if (text == null) {
                text = body.toString();
            }
        } else if (body.isValueNode()) {
            text = body.asText();
        } else {
            throw new MalformedRecordException(
                    "field 'event' must be a string or an object, found " + Json.kind(body));
        }
        event.severity = severity(object, text);
        event.source = "splunk-hec";
        event.summary = Summaries.firstLine(text);
        return event;
    }

    private Severity severity(JsonNode object, String text) throws MalformedRecordException {
        String field = mapping.splunkHecSeverityField;
        String word = Json.text(object, field);
        if (word != null) {
            Severity severity = mapping.severity(word);
            if (severity == null) {
                throw new MalformedRecordException(
                        "field '"
                                + field
                                + "' value '"
                                + Times.abbreviate(word)
                                + "' is not in "
                                + MappingOptions.SEVERITY_NAMES.key());
            }
            return severity;
        }
        Severity keyword = mapping.severityKeyword(text);
        return keyword != null ? keyword : Severity.INFO;
    }

    private static long time(JsonNode object) throws MalformedRecordException {
        JsonNode time = Json.at(object, "time");
        if (time == null) {
            throw new MalformedRecordException("missing field 'time'");
        }
        if (time.isNumber()) {
            return Times.epochSeconds(time.asDouble());
        }
        if (time.isTextual()) {
            try {
                return Times.epochSeconds(Double.parseDouble(time.asText().trim()));
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw new MalformedRecordException(
                "field 'time' must be epoch seconds, found " + Json.kind(time));
    }
}
