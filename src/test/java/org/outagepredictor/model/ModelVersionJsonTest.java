package org.outagepredictor.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.outagepredictor.features.Feature;

class ModelVersionJsonTest {

    @Test
    void carriesTheModelInFlinkMlEncodingAndItsMetrics(@TempDir Path dir) throws Exception {
        double[] coefficients = new double[Feature.COUNT];
        coefficients[Feature.BIAS.ordinal()] = -1.5;
        coefficients[Feature.CHANGES_1H.ordinal()] = 0.75;
        ModelVersion version = ModelVersion.of(new LogisticModel(42, coefficients));
        version.prAuc = 0.5;
        version.logLoss = 0.1;
        version.precision = Double.NaN;

        JsonNode json = new ObjectMapper().readTree(ModelVersionJson.toJson(version));

        assertThat(json.get("version").asLong()).isEqualTo(42);
        assertThat(json.get("coefficients").get("changes_1h").asDouble()).isEqualTo(0.75);
        assertThat(json.get("prAuc").asDouble()).isEqualTo(0.5);
        assertThat(json.get("precision").isNull()).as("NaN has no JSON form").isTrue();
        Path file = dir.resolve("from-topic.bin");
        Files.write(file, Base64.getDecoder().decode(json.get("modelData").asText()));
        assertThat(ModelFile.read(file)).isEqualTo(new LogisticModel(42, coefficients));
    }
}
