package org.outagepredictor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.outagepredictor.features.Feature;
import org.outagepredictor.model.LogisticModel;
import org.outagepredictor.model.ModelDirectory;
import org.outagepredictor.model.ModelFile;
import org.outagepredictor.model.ModelVersion;
import org.outagepredictor.model.StartModel;

/** {@code model.start}: where a run's first model comes from. */
class ModelStartTest {

    @Test
    void startsFromTheBundledModelByDefault() throws Exception {
        StartModel start = PredictionJob.loadStartModel(new Configuration());
        assertThat(start.model().version()).isEqualTo(1);
        assertThat(start.ftrl()).isNotNull();
    }

    @Test
    void startsFromZero() throws Exception {
        StartModel start = PredictionJob.loadStartModel(options("zero", null));
        assertThat(start.model()).isNull();
        assertThat(start.ftrl()).isNull();
    }

    @Test
    void startsFromTheLatestOrAChosenVersionInTheModelDirectory(@TempDir Path dir)
            throws Exception {
        ModelDirectory models = new ModelDirectory(dir);
        models.write(ModelVersion.of(model(4)));
        models.write(ModelVersion.of(model(9)));

        assertThat(PredictionJob.loadStartModel(options("latest", dir)).model().version())
                .isEqualTo(9);
        assertThat(PredictionJob.loadStartModel(options("4", dir)).model().version()).isEqualTo(4);
    }

    @Test
    void startsFromAModelFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("flink-ml-model.bin");
        ModelFile.write(file, model(17));
        assertThat(PredictionJob.loadStartModel(options(file.toString(), null)).model().version())
                .isEqualTo(17);
    }

    @Test
    void saysWhatIsMissing(@TempDir Path dir) {
        assertThatThrownBy(() -> PredictionJob.loadStartModel(options("latest", null)))
                .hasMessageContaining("model.directory");
        assertThatThrownBy(() -> PredictionJob.loadStartModel(options("latest", dir)))
                .hasMessageContaining("No model-<version>.bin in " + dir);
        assertThatThrownBy(() -> PredictionJob.loadStartModel(options("3", dir)))
                .hasMessageContaining("model-0000000003.bin");
    }

    private static Configuration options(String start, Path directory) {
        Configuration options = new Configuration();
        options.set(PredictionJob.MODEL_START, start);
        if (directory != null) {
            options.set(PredictionJob.MODEL_DIRECTORY, directory.toString());
        }
        return options;
    }

    private static LogisticModel model(long version) {
        double[] coefficients = new double[Feature.COUNT];
        coefficients[Feature.BIAS.ordinal()] = -version;
        return new LogisticModel(version, coefficients);
    }
}
