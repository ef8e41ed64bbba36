package org.outagepredictor.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.outagepredictor.event.OpsEvent;
import org.outagepredictor.simulate.FleetSimulator;
import org.outagepredictor.simulate.SimulatorOptions;

class GenericJsonWriterTest {

    /** Every kind the simulator makes, written and read back, is the same event. */
    @Test
    void theParserReadsBackExactlyWhatTheWriterWrote() throws Exception {
        Configuration config = new Configuration();
        config.set(SimulatorOptions.DEVICES, 30);
        FleetSimulator fleet = new FleetSimulator(SimulatorOptions.from(config), 0, 1);
        RecordParser parser = InputFormat.GENERIC_JSON.parser(FieldMapping.defaults());
        java.util.Set<org.outagepredictor.event.EventKind> kinds = new java.util.HashSet<>();

        for (int i = 0; i < 200_000; i++) {
            OpsEvent event = fleet.next();
            String json = GenericJsonWriter.toJson(event);
            List<OpsEvent> back = parser.parse(json.getBytes(StandardCharsets.UTF_8));
            assertThat(back).as(json).containsExactly(event);
            kinds.add(event.kind);
        }
        assertThat(kinds).as("kinds covered").hasSizeGreaterThanOrEqualTo(5);
    }
}
