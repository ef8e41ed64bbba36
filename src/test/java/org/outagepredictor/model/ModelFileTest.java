package org.outagepredictor.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.EOFException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.ml.classification.logisticregression.LogisticRegressionModelData;
import org.apache.flink.ml.classification.logisticregression.LogisticRegressionModelServable;
import org.apache.flink.ml.linalg.DenseVector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.outagepredictor.features.Feature;

class ModelFileTest {

    /** int width + doubles + long version, as Flink ML encodes it. */
    private static final int FILE_BYTES = 4 + 8 * Feature.COUNT + 8;

    @TempDir Path dir;

    @Test
    void readsBackWhatItWrote() throws IOException {
        LogisticModel model = sampleModel(12);
        Path file = dir.resolve("models/v12.model");

        ModelFile.write(file, model);

        assertThat(Files.size(file)).isEqualTo(FILE_BYTES);
        assertThat(ModelFile.read(file)).isEqualTo(model);
        try (Stream<Path> files = Files.list(file.getParent())) {
            assertThat(files).as("no temporary file left behind").containsExactly(file);
        }
    }

    @Test
    void overwritesAnExistingModel() throws IOException {
        Path file = dir.resolve("current.model");
        ModelFile.write(file, sampleModel(1));

        ModelFile.write(file, sampleModel(2));

        assertThat(ModelFile.read(file).version()).isEqualTo(2);
    }

    @Test
    void flinkMlServableLoadsTheFileAndScoresLikeTheModel() throws IOException {
        LogisticModel model = sampleModel(4);
        Path file = dir.resolve("v4.model");
        ModelFile.write(file, model);

        LogisticRegressionModelServable servable = new LogisticRegressionModelServable();
        try (InputStream in = Files.newInputStream(file)) {
            servable.setModelData(in);
        }

        double[] features = new double[Feature.COUNT];
        Arrays.fill(features, 0.3);
        features[Feature.BIAS.ordinal()] = 1.0;
        double[] servableProbability =
                LogisticModelTest.servableProbabilities(servable, List.of(features));
        assertThat(servableProbability[0]).isCloseTo(model.probability(features), within(1e-12));
    }

    @Test
    void readsAFileEncodedByFlinkMl() throws IOException {
        double[] coefficients = sampleModel(0).coefficients();
        Path file = dir.resolve("from-flink-ml.model");
        try (OutputStream out = Files.newOutputStream(file)) {
            new LogisticRegressionModelData(new DenseVector(coefficients), 77L).encode(out);
        }

        assertThat(ModelFile.read(file)).isEqualTo(new LogisticModel(77, coefficients));
    }

    @Test
    void rejectsAModelOfAnotherWidthSayingWhichWidths() throws IOException {
        Path file = dir.resolve("narrow.model");
        try (OutputStream out = Files.newOutputStream(file)) {
            new LogisticRegressionModelData(new DenseVector(new double[5]), 1L).encode(out);
        }

        assertThatThrownBy(() -> ModelFile.read(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("has 5 coefficients, expected " + Feature.COUNT);
    }

    @Test
    void rejectsATruncatedFile() throws IOException {
        Path file = dir.resolve("truncated.model");
        ModelFile.write(file, sampleModel(3));
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length - 3));

        assertThatThrownBy(() -> ModelFile.read(file))
                .isInstanceOf(EOFException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("is truncated")
                .hasMessageContaining("takes " + FILE_BYTES + " bytes");
    }

    @Test
    void rejectsAnEmptyFileAsTruncated() throws IOException {
        Path file = Files.createFile(dir.resolve("empty.model"));

        assertThatThrownBy(() -> ModelFile.read(file))
                .isInstanceOf(EOFException.class)
                .hasMessageContaining("is truncated");
    }

    @Test
    void rejectsBytesAfterTheModel() throws IOException {
        Path file = dir.resolve("long.model");
        ModelFile.write(file, sampleModel(3));
        Files.write(file, new byte[] {1, 2}, StandardOpenOption.APPEND);

        assertThatThrownBy(() -> ModelFile.read(file))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("continues after the model data");
    }

    @Test
    void reportsAMissingFileByPath() {
        Path file = dir.resolve("absent.model");

        assertThatThrownBy(() -> ModelFile.read(file))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("no model file");
    }

    @Test
    void readsAModelFromTheClasspath() throws Exception {
        LogisticModel model = sampleModel(5);
        ModelFile.write(dir.resolve("models/bootstrap.model"), model);

        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, null)) {
            assertThat(withContextClassLoader(loader, "/models/bootstrap.model")).isEqualTo(model);
            assertThatThrownBy(() -> withContextClassLoader(loader, "models/absent.model"))
                    .isInstanceOf(FileNotFoundException.class)
                    .hasMessageContaining("models/absent.model");
        }
    }

    private static LogisticModel withContextClassLoader(ClassLoader loader, String resource)
            throws IOException {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            return ModelFile.readResource(resource);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private static LogisticModel sampleModel(long version) {
        double[] coefficients = new double[Feature.COUNT];
        for (int i = 0; i < coefficients.length; i++) {
            coefficients[i] = (i - 7) * 0.125 + version * 1e-3;
        }
        return new LogisticModel(version, coefficients);
    }
}
