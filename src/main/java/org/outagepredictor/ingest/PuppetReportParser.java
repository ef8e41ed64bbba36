package org.outagepredictor.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.outagepredictor.event.ChangeType;
import org.outagepredictor.event.EventKind;
import org.outagepredictor.event.OpsEvent;

/**
 * Puppet run reports: JSON (report formats 10 to 12, as the HTTP report processor and PuppetDB send
 * them) or YAML (the agent's last_run_report.yaml, including old Puppet 2.x reports full of Ruby
 * tags such as {@code !ruby/object:Puppet::Transaction::Report}, which are ignored). A record
 * starting with '{' is JSON, anything else YAML.
 *
 * <p>A run that changed or failed something becomes one CHANGE of type CONFIG_RUN at the report's
 * {@code time}: failed if its {@code status} is {@code failed} or a resource failed. A run that
 * corrected drift ({@code corrective_change}) says so in the summary and, with {@code
 * mapping.puppet.corrective-as-unauthorised} (the default), is an UNAUTHORISED change instead:
 * drift means someone changed the machine outside Puppet. An unchanged run, noop runs included,
 * gives no event: it is the normal state of a managed machine and would only add volume.
 *
 * <p>Reports without {@code status} (before Puppet 3) are changed if a resource status has events
 * or {@code changed: true}, failed if one has {@code failed: true} or a failed event. The reference
 * is the {@code transaction_uuid}, else the {@code configuration_version}, else host@time.
 *
 * <p>Limits: logs and metrics other than resource counts are not read; an empty report (such as
 * Puppet's own 0.25 fixture, which is an empty file) is an error.
 */
final class PuppetReportParser extends AbstractRecordParser {

    private static final long serialVersionUID = 1L;

    private static final ObjectMapper YAML = new YAMLMapper();

    private final FieldMapping mapping;

    PuppetReportParser(FieldMapping mapping) {
        super("Puppet");
        this.mapping = mapping;
    }

    @Override
    List<OpsEvent> parseRecord(byte[] value) throws MalformedRecordException, IOException {
        JsonNode report = Json.requireObject(read(value), formatName(), "report");
        String field = mapping.puppetDeviceField;
        String device = mapping.device(Json.text(report, field), field);
        long time = Times.iso(Json.requireText(report, "time"), "time");

        int changed = 0;
        int failed = 0;
        int corrected = 0;
        JsonNode statuses = Json.at(report, "resource_statuses");
        if (statuses != null) {
            if (!statuses.isObject()) {
                throw new MalformedRecordException(
                        "field 'resource_statuses' must be a map, found " + Json.kind(statuses));
            }
            for (Iterator<String> names = statuses.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                JsonNode status = statuses.get(name);
                if (status == null || !status.isObject()) {
                    continue; // an empty entry reports nothing
                }
                String where = "resource_statuses." + name + ".";
                boolean resourceFailed =
                        Json.flag(status, "failed") || hasEvent(status, "failure", where);
                boolean resourceChanged =
                        Json.flag(status, "changed") || hasEvent(status, "success", where);
                failed += resourceFailed ? 1 : 0;
                changed += resourceChanged ? 1 : 0;
                corrected += Json.flag(status, "corrective_change") ? 1 : 0;
            }
        }
        String status = Json.text(report, "status");
        if (status == null) {
            status = failed > 0 ? "failed" : changed > 0 ? "changed" : "unchanged";
        }
        status = status.toLowerCase(Locale.ROOT);
        if (!status.equals("changed") && !status.equals("failed") && !status.equals("unchanged")) {
            throw new MalformedRecordException(
                    "field 'status' must be changed, failed or unchanged, found '" + status + "'");
        }
        boolean runFailed = status.equals("failed") || failed > 0;
        boolean corrective = Json.flag(report, "corrective_change") || corrected > 0;
        if (!runFailed && status.equals("unchanged")) {
            return List.of();
        }

        OpsEvent event = OpsEvent.of(EventKind.CHANGE, device, time);
        event.changeType =
                corrective && mapping.puppetCorrectiveAsUnauthorised
                        ? ChangeType.UNAUTHORISED
                        : ChangeType.CONFIG_RUN;
        event.failed = runFailed;
        event.source = "puppet";
        String uuid = Json.text(report, "transaction_uuid");
        String version = Json.text(report, "configuration_version");
        event.reference =
                uuid != null
                        ? uuid
                        : version != null ? version : device + "@" + Instant.ofEpochMilli(time);
        String environment = Json.text(report, "environment");
        event.summary =
                "Puppet run "
                        + status
                        + ": "
                        + changed
                        + " resources changed, "
                        + failed
                        + " failed"
                        + (corrective
                                ? ", corrected drift"
                                        + (corrected > 0 ? " on " + corrected : "")
                                        + " (changed outside Puppet)"
                                : "")
                        + (environment == null ? "" : ", environment " + environment);
        return List.of(event);
    }

    private static JsonNode read(byte[] value) throws IOException {
        int i = 0;
        while (i < value.length && Character.isWhitespace(value[i])) {
            i++;
        }
        return i < value.length && value[i] == '{' ? Json.read(value) : YAML.readTree(value);
    }

    /** Whether a resource status has an event of the given status ("success", "failure"). */
    private static boolean hasEvent(JsonNode status, String eventStatus, String where)
            throws MalformedRecordException {
        JsonNode events = Json.at(status, "events");
        if (events == null) {
            return false;
        }
        if (!events.isArray()) {
            throw new MalformedRecordException(
                    "field '" + where + "events' must be a list, found " + Json.kind(events));
        }
        for (JsonNode event : events) {
            if (eventStatus.equals(Json.text(event, "status"))) {
                return true;
            }
        }
        return false;
    }
}
