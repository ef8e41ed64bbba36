package org.outagepredictor.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.outagepredictor.event.EventKind;
import org.outagepredictor.event.OpsEvent;
import org.outagepredictor.event.Severity;

/**
 * SolarWinds Orion alerts posted by the alert action "Send a POST request to a web server" with the
 * JSON template of docs/inputs.md: {@code action} (trigger or reset), {@code alert}, {@code
 * alertId}, {@code severity}, {@code caption}, {@code objectType}, {@code message} and {@code
 * time}.
 *
 * <p>A trigger is an ALERT with the severity of Orion's Severity (Critical, Serious, Warning,
 * Notice, Informational through {@code mapping.severity-names}); a reset is an ALERT of severity
 * INFO with the same reference ({@code alertId}, Orion's AlertObjectID, else the alert name), so
 * that it counts as activity but not as a warning sign. The device is {@code
 * mapping.solarwinds.device-field} (default {@code caption}, the alerting object's caption).
 *
 * <p>Limits: Orion substitutes variables into the template as raw text, so a message holding a
 * double quote breaks the JSON and the record goes to the dead letters; the time is read in the
 * single pattern and zone of {@code mapping.solarwinds.time-format} and {@code
 * mapping.solarwinds.time-zone}, which must match the Orion server's regional settings.
 */
final class SolarWindsAlertParser extends AbstractRecordParser {

    private static final long serialVersionUID = 1L;

    private final FieldMapping mapping;
    private transient DateTimeFormatter timeFormat;

    SolarWindsAlertParser(FieldMapping mapping) {
        super("SolarWinds");
        this.mapping = mapping;
    }

    @Override
    List<OpsEvent> parseRecord(byte[] value) throws MalformedRecordException, IOException {
        JsonNode alert = Json.requireObject(Json.read(value), formatName(), "alert");
        String action = Json.requireText(alert, "action");
        boolean reset;
        if (action.equalsIgnoreCase("trigger")) {
            reset = false;
        } else if (action.equalsIgnoreCase("reset")) {
            reset = true;
        } else {
            throw new MalformedRecordException(
                    "field 'action' must be trigger or reset, found '"
                            + Times.abbreviate(action)
                            + "'");
        }
        String field = mapping.solarWindsDeviceField;
        OpsEvent event =
                OpsEvent.of(
                        EventKind.ALERT,
                        mapping.device(Json.text(alert, field), field),
                        time(Json.requireText(alert, "time")));
        String severityName = Json.requireText(alert, "severity");
        Severity severity = mapping.severity(severityName);
        if (severity == null) {
            throw new MalformedRecordException(
                    "field 'severity' value '"
                            + Times.abbreviate(severityName)
                            + "' is not in "
                            + MappingOptions.SEVERITY_NAMES.key());
        }
        event.severity = reset ? Severity.INFO : severity;
        String name = Json.requireText(alert, "alert");
        String id = Json.text(alert, "alertId");
        event.reference = id != null ? id : name;
        event.source = "solarwinds";
        String message = Json.text(alert, "message");
        event.summary =
                Summaries.firstLine(
                        (reset ? "reset: " : "")
                                + name
                                + " ("
                                + severityName
                                + ")"
                                + (message == null ? "" : ": " + message));
        return List.of(event);
    }

    private long time(String text) throws MalformedRecordException {
        if (timeFormat == null) {
            timeFormat = mapping.solarWindsTimeFormat();
        }
        return Times.parse(
                text,
                timeFormat,
                mapping.solarWindsTimeZone(),
                "time",
                mapping.solarWindsTimePattern()
                        + " ("
                        + MappingOptions.SOLARWINDS_TIME_FORMAT.key()
                        + ")");
    }
}
