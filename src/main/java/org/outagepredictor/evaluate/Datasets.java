package org.outagepredictor.evaluate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.outagepredictor.event.ChangeType;
import org.outagepredictor.event.EventKind;
import org.outagepredictor.event.OpsEvent;
import org.outagepredictor.event.Severity;
import org.outagepredictor.ingest.CsvLine;

/**
 * Converters from public datasets to the job's own events, read in place (never copied): each gives
 * the events in event-time order, which the evaluation writes as generic JSON lines ({@code
 * GenericJsonWriter}) and replays through the job.
 *
 * <ul>
 *   <li>NAB realKnownCause: each CSV a device (its file name), each row a METRIC sample, each
 *       labelled failure timestamp of {@code labels/combined_labels.json} an INCIDENT of priority
 *       1.
 *   <li>loghub BGL (structured CSV): the node a device, each line a LOG event with the severity of
 *       its Level (INFO, WARNING, ERROR, SEVERE as ERROR, FATAL as CRITICAL), each alert-labelled
 *       line (Label not '-') also an INCIDENT of priority 1 at the line's time.
 *   <li>ServiceNow incident event log (UCI): the location a device, each incident an INCIDENT at
 *       {@code opened_at} with its priority, and each change it references ({@code rfc}, {@code
 *       caused_by}) a CHANGE (planned, unknown outcome) at the first update of the incident that
 *       names it: the log has no time of the change itself, so the change appears when the service
 *       desk linked it, which is after the incident opened.
 * </ul>
 */
public final class Datasets {

    /** NAB's folder of series, and the folder of its labels. */
    public static final String NAB = "nab-realKnownCause";

    public static final String BGL = "loghub/BGL/BGL_2k.log_structured.csv";
    public static final String SERVICENOW =
            "servicenow-incident-event-log-subset/incident_event_log.csv";

    private static final DateTimeFormatter NAB_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);
    private static final DateTimeFormatter SERVICENOW_TIME =
            DateTimeFormatter.ofPattern("dd-MM-yyyy HH:mm", Locale.ROOT);

    private Datasets() {}

    /** All NAB realKnownCause series in {@code folder} that have labels, as METRIC and INCIDENT. */
    public static List<OpsEvent> nab(Path folder) throws IOException {
        JsonNode labels =
                new ObjectMapper().readTree(folder.resolve("labels/combined_labels.json").toFile());
        List<Path> files;
        try (Stream<Path> list = Files.list(folder)) {
            files = list.filter(p -> p.toString().endsWith(".csv")).sorted().toList();
        }
        List<OpsEvent> events = new ArrayList<>();
        for (Path file : files) {
            String name = file.getFileName().toString();
            String device = name.substring(0, name.length() - ".csv".length());
            JsonNode failures = labels.get("realKnownCause/" + name);
            if (failures == null) {
                continue;
            }
            for (String line : lines(file, true)) {
                List<String> fields = CsvLine.split(line);
                OpsEvent sample = OpsEvent.of(EventKind.METRIC, device, nabTime(fields.get(0)));
                sample.source = "nab";
                sample.metricName = "value";
                sample.value = Double.parseDouble(fields.get(1));
                events.add(sample);
            }
            int n = 0;
            for (JsonNode failure : failures) {
                OpsEvent incident =
                        event(
                                EventKind.INCIDENT,
                                device,
                                nabTime(failure.asText()),
                                "nab",
                                device + "-failure-" + ++n,
                                "labelled failure");
                incident.priority = 1;
                events.add(incident);
            }
        }
        return sorted(events);
    }

    /** loghub's BGL sample (structured CSV): LOG events, alert lines also as INCIDENTs. */
    public static List<OpsEvent> bgl(Path structuredCsv) throws IOException {
        List<String> lines = lines(structuredCsv, false);
        List<String> header = CsvLine.split(lines.get(0));
        int label = header.indexOf("Label");
        int timestamp = header.indexOf("Timestamp");
        int node = header.indexOf("Node");
        int level = header.indexOf("Level");
        int lineId = header.indexOf("LineId");
        int eventId = header.indexOf("EventId");
        List<OpsEvent> events = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            List<String> fields = CsvLine.split(line);
            String device = fields.get(node).toLowerCase(Locale.ROOT);
            long time = Long.parseLong(fields.get(timestamp)) * 1000L;
            String id = fields.get(lineId);
            OpsEvent log =
                    event(EventKind.LOG, device, time, "bgl", "line-" + id, fields.get(eventId));
            log.severity = bglSeverity(fields.get(level));
            events.add(log);
            if (!fields.get(label).equals("-")) {
                OpsEvent incident =
                        event(
                                EventKind.INCIDENT,
                                device,
                                time,
                                "bgl",
                                "alert-" + id,
                                fields.get(label));
                incident.priority = 1;
                events.add(incident);
            }
        }
        return sorted(events);
    }

    /** The ServiceNow incident event log: INCIDENTs per location, CHANGEs they reference. */
    public static List<OpsEvent> serviceNow(Path csv) throws IOException {
        List<String> lines = lines(csv, false);
        List<String> header = CsvLine.split(lines.get(0));
        int number = header.indexOf("number");
        int openedAt = header.indexOf("opened_at");
        int updatedAt = header.indexOf("sys_updated_at");
        int location = header.indexOf("location");
        int priority = header.indexOf("priority");
        int category = header.indexOf("category");
        int rfc = header.indexOf("rfc");
        int causedBy = header.indexOf("caused_by");
        Map<String, OpsEvent> incidents = new LinkedHashMap<>();
        Map<String, OpsEvent> changes = new LinkedHashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            List<String> fields = CsvLine.split(line);
            String device = fields.get(location).toLowerCase(Locale.ROOT);
            if (device.equals("?")) {
                continue;
            }
            String id = fields.get(number);
            if (!incidents.containsKey(id)) {
                OpsEvent incident =
                        event(
                                EventKind.INCIDENT,
                                device,
                                serviceNowTime(fields.get(openedAt)),
                                "servicenow",
                                id,
                                fields.get(category));
                incident.priority = Integer.parseInt(fields.get(priority).substring(0, 1));
                incidents.put(id, incident);
            }
            Set<String> referenced = new HashSet<>();
            referenced.add(fields.get(rfc));
            referenced.add(fields.get(causedBy));
            for (String change : referenced) {
                if (change.equals("?") || changes.containsKey(device + "/" + change)) {
                    continue;
                }
                OpsEvent event =
                        event(
                                EventKind.CHANGE,
                                device,
                                serviceNowTime(fields.get(updatedAt)),
                                "servicenow",
                                change,
                                "referenced by " + id);
                event.changeType = ChangeType.PLANNED;
                changes.put(device + "/" + change, event);
            }
        }
        List<OpsEvent> events = new ArrayList<>(incidents.values());
        events.addAll(changes.values());
        return sorted(events);
    }

    /** An event of {@code source} with its reference and summary. */
    private static OpsEvent event(
            EventKind kind,
            String device,
            long time,
            String source,
            String reference,
            String summary) {
        OpsEvent event = OpsEvent.of(kind, device, time);
        event.source = source;
        event.reference = reference;
        event.summary = summary;
        return event;
    }

    static Severity bglSeverity(String level) {
        return switch (level) {
            case "INFO" -> Severity.INFO;
            case "WARNING" -> Severity.WARNING;
            case "ERROR", "SEVERE" -> Severity.ERROR;
            case "FATAL" -> Severity.CRITICAL;
            default -> throw new IllegalArgumentException("unknown BGL level " + level);
        };
    }

    private static long nabTime(String text) {
        return LocalDateTime.parse(text, NAB_TIME).toInstant(ZoneOffset.UTC).toEpochMilli();
    }

    private static long serviceNowTime(String text) {
        return LocalDateTime.parse(text, SERVICENOW_TIME).toInstant(ZoneOffset.UTC).toEpochMilli();
    }

    private static List<String> lines(Path file, boolean skipHeader) throws IOException {
        List<String> lines = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line = in.readLine();
            if (!skipHeader && line != null) {
                lines.add(line);
            }
            while ((line = in.readLine()) != null) {
                if (!line.isBlank()) {
                    lines.add(line);
                }
            }
        }
        return lines;
    }

    /** In event-time order; stable, so an incident stays after the line it was labelled on. */
    private static List<OpsEvent> sorted(List<OpsEvent> events) {
        events.sort(Comparator.comparingLong(e -> e.eventTime));
        return events;
    }
}
