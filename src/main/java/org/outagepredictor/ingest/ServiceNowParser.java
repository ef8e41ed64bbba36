package org.outagepredictor.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.outagepredictor.event.EventKind;
import org.outagepredictor.event.OpsEvent;

/**
 * ServiceNow Table API JSON of {@code incident} and {@code change_request} records: one record, or
 * the {@code {"result": [...]}} (or {@code {"result": {...}}}) envelope of a query.
 *
 * <p>Every field may come in any of the Table API's forms: the stored value ({@code "1"}), the
 * display value ({@code sysparm_display_value=true}: {@code "1 - Critical"}), or an object ({@code
 * sysparm_display_value=all} gives {@code {"display_value": ..., "value": ...}}, reference fields
 * give {@code {"link": ..., "value": ...}}); of an object the display value is used if it has one,
 * else the value (for a plain reference link, that is a sys_id).
 *
 * <p>Incident: INCIDENT at {@code opened_at}, priority from {@code priority}, reference {@code
 * number}, whatever the priority (which priorities are outages is {@code
 * labels.outage-priorities}); dropped if the incident was cancelled (state 8 or "Canceled"). Change
 * request: CHANGE at {@code start_date} (or {@code opened_at} if it has no planned start), with
 * {@code end_date} as the end of its approved window when it has both and the end is later, change
 * type from {@code type} by the {@code mapping.change.*-types} lists, failed if {@code close_code}
 * or {@code state} is in the failed lists; dropped if cancelled (state 4 or "Canceled"). The
 * record's table is its {@code sys_class_name}, else its number's prefix (INC, CHG).
 *
 * <p>Limits: other tables (problem, sc_task) are errors; renumbered tables need {@code
 * sys_class_name} in the query's fields; times are read with one pattern and zone ({@code
 * mapping.servicenow.time-format}, {@code mapping.servicenow.time-zone}), so stored and display
 * values cannot be mixed in one stream.
 */
final class ServiceNowParser extends AbstractRecordParser {

    private static final long serialVersionUID = 1L;

    private final FieldMapping mapping;
    private transient DateTimeFormatter timeFormat;

    ServiceNowParser(FieldMapping mapping) {
        super("ServiceNow");
        this.mapping = mapping;
    }

    @Override
    List<OpsEvent> parseRecord(byte[] value) throws MalformedRecordException, IOException {
        JsonNode root = Json.requireObject(Json.read(value), formatName(), "record");
        JsonNode result = root.get("result");
        if (result == null) {
            return eventOf(root, "");
        }
        if (result.isObject()) {
            return eventOf(result, "result: ");
        }
        if (!result.isArray()) {
            throw new MalformedRecordException(
                    "field 'result' must be an array or an object, found " + Json.kind(result));
        }
        List<OpsEvent> events = new ArrayList<>();
        for (int i = 0; i < result.size(); i++) {
            String where = "result[" + i + "]: ";
            JsonNode record = result.get(i);
            if (!record.isObject()) {
                throw new MalformedRecordException(
                        where + "must be an object, found " + Json.kind(record));
            }
            events.addAll(eventOf(record, where));
        }
        return events;
    }

    private List<OpsEvent> eventOf(JsonNode record, String where) throws MalformedRecordException {
        try {
            String table = table(record);
            return table.equals("incident") ? incident(record) : change(record);
        } catch (MalformedRecordException e) {
            throw where.isEmpty() ? e : new MalformedRecordException(where + e.getMessage(), e);
        }
    }

    // Both check the whole record before filtering, so that a broken one is never dropped silently.

    private List<OpsEvent> incident(JsonNode record) throws MalformedRecordException {
        OpsEvent event = OpsEvent.of(EventKind.INCIDENT, device(record), time(record, "opened_at"));
        String priorityText = required(record, "priority");
        Integer priority = mapping.priority(priorityText);
        if (priority == null) {
            throw new MalformedRecordException(
                    "field 'priority' value '"
                            + priorityText
                            + "' is not a priority 1 to 5 nor in "
                            + MappingOptions.INCIDENT_PRIORITY_NAMES.key());
        }
        event.priority = priority;
        event.source = "servicenow";
        event.reference = reference(record);
        event.summary = summary(record, "P" + priority + " incident");
        String state = value(record, "state");
        boolean cancelled = "8".equals(state) || isCancelled(state);
        return cancelled ? List.of() : List.of(event);
    }

    private List<OpsEvent> change(JsonNode record) throws MalformedRecordException {
        String timeField = value(record, "start_date") != null ? "start_date" : "opened_at";
        OpsEvent event = OpsEvent.of(EventKind.CHANGE, device(record), time(record, timeField));
        String type = required(record, "type");
        event.changeType = mapping.changeType(type);
        if (event.changeType == null) {
            throw new MalformedRecordException(
                    "field 'type' value '"
                            + type
                            + "' is in none of "
                            + FieldMapping.changeTypeOptions());
        }
        if (timeField.equals("start_date") && value(record, "end_date") != null) {
            long end = time(record, "end_date");
            event.windowEnd = end > event.eventTime ? end : 0L;
        }
        String state = value(record, "state");
        event.failed =
                mapping.isFailedCloseCode(value(record, "close_code"))
                        || mapping.isFailedState(state);
        event.source = "servicenow";
        event.reference = reference(record);
        String risk = value(record, "risk");
        event.summary =
                summary(
                        record,
                        type.toLowerCase(Locale.ROOT)
                                + " change"
                                + (risk == null ? "" : ", risk " + risk));
        boolean cancelled = "4".equals(state) || isCancelled(state);
        return cancelled ? List.of() : List.of(event);
    }

    private String table(JsonNode record) throws MalformedRecordException {
        String className = value(record, "sys_class_name");
        if (className != null) {
            String table = className.trim().toLowerCase(Locale.ROOT).replace(' ', '_');
            if (table.equals("incident") || table.equals("change_request")) {
                return table;
            }
            throw new MalformedRecordException(
                    "field 'sys_class_name' is '"
                            + className
                            + "'; only incident and change_request are read");
        }
        String number = required(record, "number");
        if (number.startsWith("INC")) {
            return "incident";
        }
        if (number.startsWith("CHG")) {
            return "change_request";
        }
        throw new MalformedRecordException(
                "cannot tell the table: no 'sys_class_name' and 'number' "
                        + number
                        + " starts with neither INC nor CHG");
    }

    private String device(JsonNode record) throws MalformedRecordException {
        String field = mapping.serviceNowDeviceField;
        return mapping.device(value(record, field), field);
    }

    private long time(JsonNode record, String field) throws MalformedRecordException {
        if (timeFormat == null) {
            timeFormat = mapping.serviceNowTimeFormat();
        }
        return Times.parse(
                required(record, field),
                timeFormat,
                mapping.serviceNowTimeZone(),
                field,
                mapping.serviceNowTimePattern()
                        + " ("
                        + MappingOptions.SERVICENOW_TIME_FORMAT.key()
                        + ")");
    }

    private static String reference(JsonNode record) throws MalformedRecordException {
        String number = value(record, "number");
        return number != null ? number : required(record, "sys_id");
    }

    private static String summary(JsonNode record, String what) throws MalformedRecordException {
        String description = value(record, "short_description");
        return description == null ? what : what + ": " + description;
    }

    private static boolean isCancelled(String state) {
        return state != null
                && (state.equalsIgnoreCase("canceled") || state.equalsIgnoreCase("cancelled"));
    }

    private static String required(JsonNode record, String field) throws MalformedRecordException {
        String value = value(record, field);
        if (value == null) {
            throw new MalformedRecordException("missing field '" + field + "'");
        }
        return value;
    }

    /** A field in any of the Table API's forms; {@code null} if absent or empty. */
    private static String value(JsonNode record, String field) throws MalformedRecordException {
        JsonNode node = record.get(field);
        if (node != null && node.isObject()) {
            String display = Json.text(node, "display_value");
            return display != null ? display : Json.text(node, "value");
        }
        return Json.text(record, field);
    }
}
