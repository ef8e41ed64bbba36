package org.outagepredictor.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.flink.util.Preconditions;

/**
 * A directory of published model versions, one file per version named {@code model-0000000042.bin},
 * each in Flink ML's encoding ({@link ModelFile}). The zero-padded number makes a plain directory
 * listing sort by version.
 */
public final class ModelDirectory {

    private static final Pattern FILE_NAME = Pattern.compile("model-(\\d{10})\\.bin");

    private final Path directory;

    public ModelDirectory(Path directory) {
        this.directory = Preconditions.checkNotNull(directory, "directory must not be null");
    }

    public Path path() {
        return directory;
    }

    public Path fileOf(long version) {
        return directory.resolve(String.format(Locale.ROOT, "model-%010d.bin", version));
    }

    /** Writes the version's file, replacing an older file of the same version atomically. */
    public Path write(LogisticModel model) throws IOException {
        Path file = fileOf(model.version());
        ModelFile.write(file, model);
        return file;
    }

    /**
     * Reads one version.
     *
     * @throws NoSuchFileException if the directory has no file of that version
     */
    public LogisticModel read(long version) throws IOException {
        LogisticModel model = ModelFile.read(fileOf(version));
        if (model.version() != version) {
            throw new IOException(
                    fileOf(version)
                            + " holds model version "
                            + model.version()
                            + ", not "
                            + version);
        }
        return model;
    }

    /** The highest version in the directory, if any. */
    public OptionalLong latestVersion() throws IOException {
        if (!Files.isDirectory(directory)) {
            return OptionalLong.empty();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(f -> FILE_NAME.matcher(f.getFileName().toString()))
                    .filter(Matcher::matches)
                    .mapToLong(m -> Long.parseLong(m.group(1)))
                    .max();
        }
    }
}
