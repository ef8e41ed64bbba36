package org.outagepredictor.model;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import org.apache.flink.core.memory.DataInputViewStreamWrapper;
import org.apache.flink.core.memory.DataOutputViewStreamWrapper;
import org.apache.flink.ml.linalg.DenseVector;
import org.apache.flink.ml.linalg.typeinfo.DenseVectorSerializer;
import org.apache.flink.util.Preconditions;

/**
 * FTRL-Proximal's per-coordinate sums ({@code z}, {@code n}) saved beside a model, so that training
 * resumes from a model where the trainer that made it stopped, with learning rates already small,
 * instead of taking the full-size first steps of a fresh start. Flink ML's model format has no room
 * for them, so they go to a sidecar file: {@code model-0000000042.bin} has {@code
 * model-0000000042.ftrl}. Its format is two vectors as {@link DenseVectorSerializer} writes them,
 * {@code z} then {@code n}.
 */
public final class FtrlState implements Serializable {

    private static final long serialVersionUID = 1L;

    public final double[] z;
    public final double[] n;

    public FtrlState(double[] z, double[] n) {
        Preconditions.checkArgument(
                z.length == n.length, "z and n differ in width: %s and %s", z.length, n.length);
        this.z = z.clone();
        this.n = n.clone();
    }

    /** The sidecar file of a model file: the same name with {@code .ftrl} for {@code .bin}. */
    public static Path besideModel(Path modelFile) {
        String name = modelFile.getFileName().toString();
        String base = name.endsWith(".bin") ? name.substring(0, name.length() - 4) : name;
        return modelFile.resolveSibling(base + ".ftrl");
    }

    public void write(Path file) throws IOException {
        Path target = file.toAbsolutePath();
        Files.createDirectories(target.getParent());
        Path temporary =
                Files.createTempFile(target.getParent(), target.getFileName() + ".", ".tmp");
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temporary))) {
                DataOutputViewStreamWrapper view = new DataOutputViewStreamWrapper(out);
                DenseVectorSerializer vectors = new DenseVectorSerializer();
                vectors.serialize(new DenseVector(z), view);
                vectors.serialize(new DenseVector(n), view);
            }
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /**
     * Reads a sidecar file.
     *
     * @throws IOException if the file is truncated, or its two vectors differ in width
     */
    public static FtrlState read(InputStream in, String source) throws IOException {
        DataInputViewStreamWrapper view =
                new DataInputViewStreamWrapper(new BufferedInputStream(in));
        DenseVectorSerializer vectors = new DenseVectorSerializer();
        try {
            double[] z = vectors.deserialize(view).values;
            double[] n = vectors.deserialize(view).values;
            if (z.length != n.length) {
                throw new IOException(source + " is not FTRL state: z and n differ in width");
            }
            return new FtrlState(z, n);
        } catch (EOFException e) {
            throw new IOException(source + " is truncated", e);
        }
    }

    public static FtrlState read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FtrlState
                && Arrays.equals(z, ((FtrlState) o).z)
                && Arrays.equals(n, ((FtrlState) o).n);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(z) + Arrays.hashCode(n);
    }
}
