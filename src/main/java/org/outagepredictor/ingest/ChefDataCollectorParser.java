package org.outagepredictor.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.List;
import org.outagepredictor.event.ChangeType;
import org.outagepredictor.event.EventKind;
import org.outagepredictor.event.OpsEvent;

/**
 * Chef Infra data-collector messages, as Chef Infra Client and Chef Infra Server send them to Chef
 * Automate's data-collector endpoint.
 *
 * <p>{@code run_converge}: a run that updated resources or failed becomes a CHANGE of type
 * CONFIG_RUN on the node ({@code mapping.chef.device-field}, default {@code node_name}) at {@code
 * end_time}, failed if {@code status} is {@code failure}, reference {@code run_id}, the summary
 * counting updated resources and quoting {@code error.message}. A successful run that updated
 * nothing gives no event, as an unchanged Puppet run. The data-collector schema's {@code
 * updated_resource_count} is required: a message without it is not a converge report this parser
 * can trust (Chef Automate's own {@code converge-bad-report.json} example lacks it).
 *
 * <p>{@code action} (a change made on the Chef server): on a {@code node} entity, a CHANGE of
 * {@code mapping.change.untracked-type} on the node named by {@code entity_name} at {@code
 * recorded_at}, summarised as task and {@code requestor_name}; actions on other entities
 * (cookbooks, roles, environments, policies, data bags) give no event, because the nodes they
 * affect are known only when those nodes converge, and their converge reports are the events.
 *
 * <p>{@code run_start}, liveness pings ({@code event_type: node_ping}) and compliance reports give
 * no event. A message with neither {@code message_type} nor {@code event_type} is an error.
 */
final class ChefDataCollectorParser extends AbstractRecordParser {

    private static final long serialVersionUID = 1L;

    private final FieldMapping mapping;

    ChefDataCollectorParser(FieldMapping mapping) {
        super("Chef");
        this.mapping = mapping;
    }

    @Override
    List<OpsEvent> parseRecord(byte[] value) throws MalformedRecordException, IOException {
        JsonNode message = Json.requireObject(Json.read(value), formatName(), "message");
        String type = Json.text(message, "message_type");
        if (type == null) {
            if (Json.text(message, "event_type") != null) {
                return List.of(); // liveness agent ping
            }
            throw new MalformedRecordException("missing field 'message_type'");
        }
        switch (type) {
            case "run_converge":
                return converge(message);
            case "action":
                return action(message);
            default:
                return List.of();
        }
    }

    private List<OpsEvent> converge(JsonNode message) throws MalformedRecordException {
        String field = mapping.chefDeviceField;
        String device = mapping.device(Json.text(message, field), field);
        String status = Json.requireText(message, "status");
        if (!status.equals("success") && !status.equals("failure")) {
            throw new MalformedRecordException(
                    "field 'status' must be success or failure, found '" + status + "'");
        }
        long updated = Json.longValue(message, "updated_resource_count", -1);
        if (updated < 0) {
            throw new MalformedRecordException("missing field 'updated_resource_count'");
        }
        boolean failed = status.equals("failure");
        if (!failed && updated == 0) {
            return List.of();
        }
        OpsEvent event =
                OpsEvent.of(
                        EventKind.CHANGE,
                        device,
                        Times.iso(Json.requireText(message, "end_time"), "end_time"));
        event.changeType = ChangeType.CONFIG_RUN;
        event.failed = failed;
        event.source = "chef";
        event.reference = Json.requireText(message, "run_id");
        long total = Json.longValue(message, "total_resource_count", -1);
        String error = Json.text(message, "error.message");
        event.summary =
                "Chef run "
                        + (failed ? "failed" : "succeeded")
                        + ": "
                        + updated
                        + (total >= 0 ? " of " + total : "")
                        + " resources updated"
                        + (error == null ? "" : "; " + Summaries.firstLine(error));
        return List.of(event);
    }

    private List<OpsEvent> action(JsonNode message) throws MalformedRecordException {
        String entityType = Json.requireText(message, "entity_type");
        if (!entityType.equals("node")) {
            return List.of();
        }
        String task = Json.requireText(message, "task");
        OpsEvent event =
                OpsEvent.of(
                        EventKind.CHANGE,
                        mapping.device(Json.text(message, "entity_name"), "entity_name"),
                        Times.iso(Json.requireText(message, "recorded_at"), "recorded_at"));
        event.changeType = mapping.untrackedChangeType;
        event.source = "chef";
        event.reference = Json.text(message, "id");
        String user = Json.text(message, "requestor_name");
        event.summary = "Chef node " + task + (user == null ? "" : " by " + user);
        return List.of(event);
    }
}
