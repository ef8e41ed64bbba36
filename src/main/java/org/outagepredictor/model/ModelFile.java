package org.outagepredictor.model;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.apache.flink.core.memory.DataInputViewStreamWrapper;
import org.apache.flink.ml.classification.logisticregression.LogisticRegressionModelData;
import org.apache.flink.ml.linalg.DenseVector;
import org.apache.flink.ml.linalg.typeinfo.DenseVectorSerializer;
import org.apache.flink.util.Preconditions;
import org.outagepredictor.features.Feature;

/**
 * Reads and writes {@link LogisticModel}s in Flink ML's own model-data format, so that a file
 * written here loads into {@code LogisticRegressionModelServable.setModelData} and a file written
 * by Flink ML loads here.
 *
 * <p>The format is what {@link LogisticRegressionModelData#encode} writes through a {@code
 * DataOutputViewStreamWrapper}: the coefficient vector as {@link DenseVectorSerializer} writes it
 * (an int width, then the doubles, big-endian), then the model version as a long. Nothing in it
 * names the features, so the only check possible on load is the width against {@link
 * Feature#COUNT}; a model trained for a different feature layout of the same width would load.
 *
 * <p>Flink ML's {@code decode} is package-private, so reading repeats its two steps with the same
 * public serializer.
 */
public final class ModelFile {

    /** Bytes of a model of the current width: the int width, the doubles, the long version. */
    private static final int EXPECTED_BYTES =
            Integer.BYTES + Feature.COUNT * Double.BYTES + Long.BYTES;

    private ModelFile() {}

    /**
     * Writes the model to a file, creating parent directories. The bytes go to a temporary file in
     * the same directory that is then renamed over the target, so a job starting meanwhile reads
     * the old model or the new one, never half of one.
     */
    public static void write(Path path, LogisticModel model) throws IOException {
        Preconditions.checkNotNull(path, "path must not be null");
        Preconditions.checkNotNull(model, "model must not be null");
        Path target = path.toAbsolutePath();
        Path directory = target.getParent();
        Files.createDirectories(directory);
        Path temporary = Files.createTempFile(directory, target.getFileName() + ".", ".tmp");
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temporary))) {
                new LogisticRegressionModelData(
                                new DenseVector(model.coefficients()), model.version())
                        .encode(out);
            }
            // On the same file system a rename replaces the target in one step.
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /**
     * Reads a model file.
     *
     * @throws NoSuchFileException if there is no file at {@code path}
     * @throws EOFException if the file ends before the model data does
     * @throws IOException if the file holds more than one model's data, or cannot be read
     * @throws IllegalArgumentException if the model's width is not {@link Feature#COUNT}, or a
     *     coefficient is not finite
     */
    public static LogisticModel read(Path path) throws IOException {
        Preconditions.checkNotNull(path, "path must not be null");
        try (InputStream in = Files.newInputStream(path)) {
            return decode(in, "Model file " + path);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(path.toAbsolutePath().toString(), null, "no model file");
        }
    }

    /**
     * Reads a model file and, where one lies beside it ({@link FtrlState#besideModel}), the FTRL
     * state it was trained to.
     */
    public static StartModel readWithFtrlState(Path path) throws IOException {
        LogisticModel model = read(path);
        Path sidecar = FtrlState.besideModel(path);
        return new StartModel(model, Files.exists(sidecar) ? FtrlState.read(sidecar) : null);
    }

    /**
     * Reads a model packaged on the classpath and, where one lies beside it, its FTRL state.
     *
     * @throws FileNotFoundException if there is no model resource of that name
     */
    public static StartModel readResourceWithFtrlState(String classpathResource)
            throws IOException {
        LogisticModel model = readResource(classpathResource);
        String sidecar = FtrlState.besideModel(Path.of(classpathResource)).toString();
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) {
            loader = ModelFile.class.getClassLoader();
        }
        String name = sidecar.startsWith("/") ? sidecar.substring(1) : sidecar;
        try (InputStream in = loader.getResourceAsStream(name)) {
            return new StartModel(
                    model, in == null ? null : FtrlState.read(in, "Resource " + name));
        }
    }

    /**
     * Reads a model packaged on the classpath, for example a bootstrap model inside the job jar.
     * The name is resolved by the thread's context class loader, which Flink sets to the job's
     * class loader, or by this class's loader where there is none. A leading '/' is ignored.
     *
     * @throws FileNotFoundException if there is no such resource
     * @throws IllegalArgumentException as {@link #read(Path)}
     */
    public static LogisticModel readResource(String classpathResource) throws IOException {
        Preconditions.checkNotNull(classpathResource, "classpathResource must not be null");
        String name =
                classpathResource.startsWith("/")
                        ? classpathResource.substring(1)
                        : classpathResource;
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) {
            loader = ModelFile.class.getClassLoader();
        }
        try (InputStream in = loader.getResourceAsStream(name)) {
            if (in == null) {
                throw new FileNotFoundException(
                        "No model resource '" + name + "' on the classpath");
            }
            return decode(in, "Model resource " + name);
        }
    }

    private static LogisticModel decode(InputStream in, String source) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(in);
        DataInputViewStreamWrapper view = new DataInputViewStreamWrapper(buffered);
        try {
            // Peek at the width before DenseVectorSerializer reads it: the serializer allocates
            // whatever width the header claims, so a file that is not a model could make it ask
            // for gigabytes, or fail with NegativeArraySizeException instead of a clear message.
            buffered.mark(Integer.BYTES);
            int width = view.readInt();
            buffered.reset();
            if (width != Feature.COUNT) {
                throw new IllegalArgumentException(
                        String.format(
                                "%s has %d coefficients, expected %d (Feature.COUNT): it was"
                                        + " written for a different feature vector, or is not a"
                                        + " model file",
                                source, width, Feature.COUNT));
            }
            DenseVector coefficients = new DenseVectorSerializer().deserialize(view);
            long version = view.readLong();
            if (buffered.read() != -1) {
                throw new IOException(
                        String.format(
                                "%s continues after the model data (%d bytes); it is not a file"
                                        + " written by LogisticRegressionModelData.encode",
                                source, EXPECTED_BYTES));
            }
            return new LogisticModel(version, coefficients.values);
        } catch (EOFException e) {
            EOFException truncated =
                    new EOFException(
                            String.format(
                                    "%s is truncated: a model of %d features takes %d bytes (int"
                                            + " width, %d doubles, long version)",
                                    source, Feature.COUNT, EXPECTED_BYTES, Feature.COUNT));
            truncated.initCause(e);
            throw truncated;
        }
    }
}
