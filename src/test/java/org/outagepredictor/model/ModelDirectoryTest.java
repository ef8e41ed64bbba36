package org.outagepredictor.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.outagepredictor.features.Feature;

class ModelDirectoryTest {

    @Test
    void writesEachVersionWithItsFtrlStateAndReadsItBack(@TempDir Path dir) throws Exception {
        ModelDirectory models = new ModelDirectory(dir);
        assertThat(models.latestVersion()).isEmpty();

        models.write(version(3, 0.5));
        models.write(version(12, -0.25));

        assertThat(models.latestVersion()).hasValue(12);
        assertThat(dir.resolve("model-0000000012.bin")).exists();
        assertThat(dir.resolve("model-0000000012.ftrl")).exists();
        StartModel twelve = models.read(12);
        assertThat(twelve.model().version()).isEqualTo(12);
        assertThat(twelve.model().coefficient(Feature.BIAS)).isEqualTo(-0.25);
        assertThat(twelve.ftrl().z).containsExactly(version(12, -0.25).ftrlZ);
        assertThat(twelve.ftrl().n).containsExactly(version(12, -0.25).ftrlN);
        assertThatThrownBy(() -> models.read(4)).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void aModelWithoutFtrlStateStillLoads(@TempDir Path dir) throws Exception {
        ModelVersion plain = version(2, 1.0);
        plain.ftrlZ = null;
        plain.ftrlN = null;
        new ModelDirectory(dir).write(plain);

        StartModel start = new ModelDirectory(dir).read(2);

        assertThat(start.model().version()).isEqualTo(2);
        assertThat(start.ftrl()).isNull();
    }

    @Test
    void theBundledModelComesWithTheFtrlStateThatReproducesIt() throws Exception {
        StartModel bundled = ModelFile.readResourceWithFtrlState("/models/initial-model.bin");
        TrainerOptions defaults = TrainerOptions.defaults();

        OnlineLearner learner = new OnlineLearner(defaults, 0.4, bundled);

        assertThat(bundled.ftrl()).isNotNull();
        assertThat(learner.resumedFromSavedState()).isTrue();
        assertThat(learner.version()).isEqualTo(bundled.model().version());
    }

    private static ModelVersion version(long version, double bias) {
        double[] coefficients = new double[Feature.COUNT];
        coefficients[Feature.BIAS.ordinal()] = bias;
        ModelVersion published = ModelVersion.of(new LogisticModel(version, coefficients));
        published.ftrlZ = new double[Feature.COUNT];
        published.ftrlN = new double[Feature.COUNT];
        published.ftrlZ[0] = version;
        published.ftrlN[0] = 2.0 * version;
        return published;
    }
}
