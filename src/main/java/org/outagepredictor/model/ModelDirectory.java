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

    /**
     * Writes the version's model file, and its FTRL state beside it where the version has one,
     * replacing older files of the same version atomically.
     */
    public Path write(ModelVersion version) throws IOException {
        Path file = fileOf(version.version);
        ModelFile.write(file, version.toModel());
        if (version.ftrlZ != null && version.ftrlN != null) {
            new FtrlState(version.ftrlZ, version.ftrlN).write(FtrlState.besideModel(file));
        }
        return file;
    }

    /**
     * Reads one version, with its FTRL state where the directory has it.
     *
     * @throws NoSuchFileException if the directory has no model file of that version
     */
    public StartModel read(long version) throws IOException {
        StartModel start = ModelFile.readWithFtrlState(fileOf(version));
        if (start.model().version() != version) {
            throw new IOException(
                    fileOf(version)
                            + " holds model version "
                            + start.model().version()
                            + ", not "
                            + version);
        }
        return start;
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
