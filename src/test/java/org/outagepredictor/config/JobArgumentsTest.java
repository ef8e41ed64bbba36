package org.outagepredictor.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.outagepredictor.PredictionJob;
import org.outagepredictor.ingest.KafkaOptions;

class JobArgumentsTest {

    @Test
    void argumentsAfterTheConfigFileWinOverIt(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("job.properties");
        Files.writeString(file, "job.input = kafka\nkafka.group-id = from-file\n");

        Configuration config =
                JobArguments.parse(
                        new String[] {"--config", file.toString(), "--kafka.group-id", "cli"},
                        PredictionJob.allOptions());

        assertThat(config.get(PredictionJob.INPUT)).isEqualTo(PredictionJob.Input.KAFKA);
        assertThat(config.get(KafkaOptions.GROUP_ID)).isEqualTo("cli");
    }

    @Test
    void kafkaClientSettingsPassThrough() throws Exception {
        Configuration config =
                JobArguments.parse(
                        new String[] {"--kafka.properties.security.protocol", "SSL"},
                        PredictionJob.allOptions());

        assertThat(KafkaOptions.from(config).clientProperties())
                .containsEntry("security.protocol", "SSL");
    }

    @Test
    void perTargetDeliveryOptionsAreKnownByTheirShape() throws Exception {
        Configuration config =
                JobArguments.parse(
                        new String[] {
                            "--delivery.target.oncall.url", "http://127.0.0.1:1/x",
                            "--delivery.target.oncall.secret-env", "ONCALL_KEY"
                        },
                        PredictionJob.allOptions());
        assertThat(config.getString("delivery.target.oncall.url", null))
                .isEqualTo("http://127.0.0.1:1/x");
        assertThatThrownBy(
                        () ->
                                JobArguments.parse(
                                        new String[] {"--delivery.target.oncall.secret", "x"},
                                        PredictionJob.allOptions()))
                .hasMessageContaining("Unknown option 'delivery.target.oncall.secret'");
    }

    @Test
    void anUnknownKeyStopsTheJobAndNamesItsNeighbours() {
        assertThatThrownBy(
                        () ->
                                JobArguments.parse(
                                        new String[] {"--kafka.bootstrap-server", "x:9092"},
                                        PredictionJob.allOptions()))
                .hasMessageContaining("Unknown option 'kafka.bootstrap-server'")
                .hasMessageContaining("kafka.bootstrap-servers");
    }
}
