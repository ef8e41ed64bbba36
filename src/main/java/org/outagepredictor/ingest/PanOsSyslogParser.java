package org.outagepredictor.ingest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.outagepredictor.event.EventKind;
import org.outagepredictor.event.OpsEvent;
import org.outagepredictor.event.Severity;

/**
 * PAN-OS syslog in the default CSV format, one log entry per record, for the TRAFFIC, THREAT,
 * CONFIG and SYSTEM types. Fields are read by position as PAN-OS's syslog field descriptions list
 * them (PAN-OS 8.0 and later, whose entries end with the device name); FUTURE_USE fields are
 * skipped, and columns after the last one read (added by newer PAN-OS versions) are ignored. A
 * syslog header before the CSV ({@code <14>Oct 25 20:25:39 fw01 1,2021/10/25 ...}, RFC 3164 or RFC
 * 5424) is skipped.
 *
 * <ul>
 *   <li>CONFIG: a CHANGE of {@code mapping.change.untracked-type}, failed if Result is Failed,
 *       summarised as command, admin, client and configuration path.
 *   <li>SYSTEM: severity critical or high is an ALERT (CRITICAL, ERROR), medium, low or
 *       informational a LOG (WARNING, INFO, INFO); the summary is the description.
 *   <li>THREAT: an ALERT whose severity is the threat's (critical CRITICAL, high ERROR, medium
 *       WARNING, low and informational INFO).
 *   <li>TRAFFIC: a LOG, INFO if the action is allow, WARNING otherwise (deny, drop, reset).
 * </ul>
 *
 * <p>The event time is Generated Time in {@code mapping.panos.time-zone}; the device is the Device
 * Name or the Serial Number ({@code mapping.panos.device-field}); the reference is the sequence
 * number. Other log types (HIP-MATCH, GLOBALPROTECT, USERID, ...) are errors.
 *
 * <p>Limits: custom log formats and LEEF/CEF are not read; only one entry per record.
 */
final class PanOsSyslogParser extends AbstractRecordParser {

    private static final long serialVersionUID = 1L;

    private static final DateTimeFormatter GENERATED_TIME =
            DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss", Locale.ROOT);

    /** Where the CSV starts after a syslog header: FUTURE_USE, Receive Time, Serial, Type. */
    private static final Pattern CSV_START =
            Pattern.compile("(?:^|\\s)\\d*,\\d{4}/\\d{2}/\\d{2} \\d{2}:\\d{2}:\\d{2},[^,]*,[A-Z]");

    private static final int SERIAL = 2;
    private static final int TYPE = 3;
    private static final int SUBTYPE = 4;
    private static final int GENERATED = 6;

    /** 0-based positions of the fields whose place differs between log types. */
    private enum Layout {
        TRAFFIC(52, 39),
        THREAT(59, 36),
        CONFIG(21, 14),
        SYSTEM(22, 15);

        final int deviceName;
        final int sequenceNumber;

        Layout(int deviceName, int sequenceNumber) {
            this.deviceName = deviceName;
            this.sequenceNumber = sequenceNumber;
        }
    }

    private final FieldMapping mapping;

    PanOsSyslogParser(FieldMapping mapping) {
        super("PAN-OS");
        this.mapping = mapping;
    }

    @Override
    List<OpsEvent> parseRecord(byte[] value) throws MalformedRecordException, IOException {
        String line = new String(value, StandardCharsets.UTF_8).strip();
        if (line.isEmpty()) {
            throw new MalformedRecordException("empty PAN-OS record");
        }
        List<String> fields = CsvLine.split(line, csvStart(line));
        if (fields.size() <= TYPE) {
            throw new MalformedRecordException(
                    "invalid PAN-OS CSV: " + fields.size() + " fields, no log type");
        }
        String typeName = fields.get(TYPE);
        Layout layout;
        try {
            layout = Layout.valueOf(typeName);
        } catch (IllegalArgumentException e) {
            throw new MalformedRecordException(
                    "field 'type' (column 4) is '"
                            + Times.abbreviate(typeName)
                            + "'; only TRAFFIC, THREAT, CONFIG and SYSTEM are read");
        }
        if (fields.size() <= layout.deviceName) {
            throw new MalformedRecordException(
                    "invalid PAN-OS "
                            + layout
                            + " entry: "
                            + fields.size()
                            + " fields, expected at least "
                            + (layout.deviceName + 1));
        }
        boolean bySerial = mapping.panosDeviceField.equals("serial");
        int deviceColumn = bySerial ? SERIAL : layout.deviceName;
        String device =
                mapping.device(
                        fields.get(deviceColumn),
                        mapping.panosDeviceField + " (column " + (deviceColumn + 1) + ")");
        long time =
                Times.parse(
                        fields.get(GENERATED),
                        GENERATED_TIME,
                        mapping.panosTimeZone(),
                        "generated_time",
                        "yyyy/MM/dd HH:mm:ss");
        OpsEvent event;
        switch (layout) {
            case CONFIG:
                event = config(fields, device, time);
                break;
            case SYSTEM:
                event = system(fields, device, time);
                break;
            case THREAT:
                event = threat(fields, device, time);
                break;
            default:
                event = traffic(fields, device, time);
                break;
        }
        event.source = "panos";
        String sequence = fields.get(layout.sequenceNumber);
        event.reference = sequence.isEmpty() ? null : sequence;
        return List.of(event);
    }

    /** Column 13 onwards of CONFIG: Command, Admin, Client, Result, Configuration Path. */
    private OpsEvent config(List<String> fields, String device, long time) {
        OpsEvent event = OpsEvent.of(EventKind.CHANGE, device, time);
        event.changeType = mapping.untrackedChangeType;
        String result = fields.get(12).strip();
        event.failed = result.equalsIgnoreCase("Failed");
        event.summary =
                Summaries.firstLine(
                        "PAN-OS config "
                                + fields.get(9).strip()
                                + " by "
                                + fields.get(10).strip()
                                + " via "
                                + fields.get(11).strip()
                                + " ("
                                + result
                                + "): "
                                + fields.get(13).strip());
        return event;
    }

    /** SYSTEM: Event ID 9, Module 13, Severity 14, Description 15 (1-based columns). */
    private static OpsEvent system(List<String> fields, String device, long time)
            throws MalformedRecordException {
        String severityName = fields.get(13).strip();
        Severity severity = severity(severityName, "severity (column 14)");
        boolean alert = severity.isError();
        OpsEvent event = OpsEvent.of(alert ? EventKind.ALERT : EventKind.LOG, device, time);
        event.severity = severity;
        event.summary =
                Summaries.firstLine(
                        "PAN-OS system "
                                + fields.get(8).strip()
                                + " ("
                                + severityName
                                + "): "
                                + fields.get(14).strip());
        return event;
    }

    /** THREAT: addresses 8-9, Action 31, Threat ID 33, Severity 35 (1-based columns). */
    private static OpsEvent threat(List<String> fields, String device, long time)
            throws MalformedRecordException {
        OpsEvent event = OpsEvent.of(EventKind.ALERT, device, time);
        String severityName = fields.get(34).strip();
        event.severity = severity(severityName, "severity (column 35)");
        event.summary =
                Summaries.firstLine(
                        "PAN-OS threat "
                                + fields.get(SUBTYPE)
                                + " "
                                + fields.get(32)
                                + " ("
                                + severityName
                                + ") "
                                + fields.get(7)
                                + " -> "
                                + fields.get(8)
                                + ", "
                                + fields.get(30));
        return event;
    }

    /** TRAFFIC: addresses 8-9, Application 15, ports 25-26, Protocol 30, Action 31. */
    private static OpsEvent traffic(List<String> fields, String device, long time) {
        OpsEvent event = OpsEvent.of(EventKind.LOG, device, time);
        String action = fields.get(30).strip();
        event.severity = action.equals("allow") ? Severity.INFO : Severity.WARNING;
        event.summary =
                "PAN-OS traffic "
                        + fields.get(SUBTYPE)
                        + " "
                        + action
                        + " "
                        + fields.get(7)
                        + ":"
                        + fields.get(24)
                        + " -> "
                        + fields.get(8)
                        + ":"
                        + fields.get(25)
                        + " "
                        + fields.get(29)
                        + " "
                        + fields.get(14);
        return event;
    }

    private static Severity severity(String name, String field) throws MalformedRecordException {
        switch (name) {
            case "critical":
                return Severity.CRITICAL;
            case "high":
                return Severity.ERROR;
            case "medium":
                return Severity.WARNING;
            case "low":
            case "informational":
                return Severity.INFO;
            default:
                throw new MalformedRecordException(
                        "field '"
                                + field
                                + "' is '"
                                + Times.abbreviate(name)
                                + "', expected critical, high, medium, low or informational");
        }
    }

    /** 0 for a bare CSV line, else the index after the syslog header. */
    private static int csvStart(String line) throws MalformedRecordException {
        if (line.charAt(0) != '<') {
            return 0;
        }
        Matcher matcher = CSV_START.matcher(line);
        if (!matcher.find()) {
            throw new MalformedRecordException(
                    "invalid PAN-OS record: a syslog header but no PAN-OS CSV after it");
        }
        int start = matcher.start();
        return Character.isWhitespace(line.charAt(start)) ? start + 1 : start;
    }
}
