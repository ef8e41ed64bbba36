package org.outagepredictor.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.outagepredictor.ingest.Fixtures.dataset;
import static org.outagepredictor.ingest.Fixtures.millis;
import static org.outagepredictor.ingest.Fixtures.parser;
import static org.outagepredictor.ingest.Fixtures.single;

import org.junit.jupiter.api.Test;
import org.outagepredictor.event.ChangeType;
import org.outagepredictor.event.EventKind;
import org.outagepredictor.event.OpsEvent;

/** Chef data-collector messages: Chef Automate's own ingest examples, read in place. */
class ChefDataCollectorParserTest {

    private static final String DIR = "chef-automate-ingest-examples/";

    private final RecordParser parser = parser(InputFormat.CHEF);

    @Test
    void successfulConvergeThatUpdatedResources() throws Exception {
        OpsEvent event = single(parser, dataset(DIR + "converge-success-report.json"));

        assertThat(event.kind).isEqualTo(EventKind.CHANGE);
        assertThat(event.deviceId).isEqualTo("insights.b");
        assertThat(event.eventTime).isEqualTo(millis("2018-06-28T15:19:22Z"));
        assertThat(event.changeType).isEqualTo(ChangeType.CONFIG_RUN);
        assertThat(event.failed).isFalse();
        assertThat(event.reference).isEqualTo("e2d05569-dfeb-4ff0-a5a2-863ce12cc134");
        assertThat(event.summary).isEqualTo("Chef run succeeded: 4 of 10 resources updated");
    }

    @Test
    void failedConvergeQuotesTheError() throws Exception {
        OpsEvent event = single(parser, dataset(DIR + "converge-failure-report.json"));

        assertThat(event.deviceId).isEqualTo("insights.chef.co");
        assertThat(event.failed).isTrue();
        assertThat(event.summary)
                .startsWith(
                        "Chef run failed: 4 of 10 resources updated; file[/failed/file/resource]")
                .contains("Parent directory /failed/file does not exist.");
    }

    @Test
    void badReportIsAnErrorNamingTheMissingField() {
        assertThatThrownBy(() -> parser.parse(dataset(DIR + "converge-bad-report.json")))
                .isInstanceOf(MalformedRecordException.class)
                .hasMessage("missing field 'updated_resource_count'");
    }

    @Test
    void runStartAndLivenessPingGiveNoEvent() throws Exception {
        assertThat(parser.parse(dataset(DIR + "chef_client_run_start.json"))).isEmpty();
        assertThat(parser.parse(dataset(DIR + "liveness_ping.json"))).isEmpty();
    }

    @Test
    void nodeActionsAreUntrackedChanges() throws Exception {
        OpsEvent create = single(parser, dataset(DIR + "action_node_create.json"));
        assertThat(create.deviceId).isEqualTo("a2-local-fresh-install-unstable.cd.chef.co");
        assertThat(create.eventTime).isEqualTo(millis("2018-02-27T14:56:39Z"));
        assertThat(create.changeType).isEqualTo(ChangeType.UNAUTHORISED);
        assertThat(create.summary)
                .isEqualTo("Chef node create by a2-local-fresh-install-unstable.cd.chef.co");

        OpsEvent update = single(parser, dataset(DIR + "chef_action.json"));
        assertThat(update.deviceId).isEqualTo("chefdk-debian-7-tester-2d206b");
        assertThat(update.summary).isEqualTo("Chef node update by Luke");

        OpsEvent delete =
                single(
                        parser(InputFormat.CHEF, "mapping.change.untracked-type", "planned"),
                        dataset(DIR + "action_node_delete.json"));
        assertThat(delete.changeType).isEqualTo(ChangeType.PLANNED);
        assertThat(delete.summary).isEqualTo("Chef node delete by cd-infrastructure");
    }

    @Test
    void actionsOnOtherEntitiesGiveNoEvent() throws Exception {
        assertThat(parser.parse(dataset(DIR + "action_environment_update.json"))).isEmpty();
        assertThat(parser.parse(dataset(DIR + "action_policy_update.json"))).isEmpty();
        assertThat(parser.parse(dataset(DIR + "action_cookbookartifactversion_update.json")))
                .isEmpty();
    }

    @Test
    void deviceFromANestedNodeAttribute() throws Exception {
        OpsEvent event =
                single(
                        parser(
                                InputFormat.CHEF,
                                "mapping.chef.device-field",
                                "node.automatic.fqdn",
                                "mapping.device.strip-domains",
                                ".us-west-2.compute.internal"),
                        dataset(DIR + "converge-success-report.json"));
        assertThat(event.deviceId).isEqualTo("ip-127-208-184-141");
    }
}
