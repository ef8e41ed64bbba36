package org.outagepredictor.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.outagepredictor.delivery.DeliveryOptions;
import org.outagepredictor.ingest.KafkaOptions;

/**
 * Turns a job's command line into a Flink {@link Configuration} of the job's own options.
 *
 * <p>Arguments are {@code --key value} pairs whose keys are option keys ({@code --simulator.devices
 * 5000}). {@code --config FILE} first loads a properties file of the same keys; arguments after it
 * override the file. A key that no option declares is an error that names the nearest known keys,
 * because a misspelt option silently falling back to its default is worse than no start at all.
 * Keys under {@code kafka.properties.} are the exception: they are Kafka client settings, passed to
 * Kafka as they are ({@link KafkaOptions#PROPERTIES_PREFIX}); and so are the per-target delivery
 * options, whose keys hold the target's name ({@code delivery.target.pagerduty.url}).
 */
public final class JobArguments {

    /** The argument that names a properties file of options. */
    public static final String CONFIG_FILE_ARGUMENT = "config";

    private JobArguments() {}

    public static Configuration parse(String[] args, Collection<ConfigOption<?>> known)
            throws IOException {
        Map<String, String> values = new TreeMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw new IllegalArgumentException(
                        "Expected an option like --simulator.devices 1000, found '" + arg + "'");
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("Option " + arg + " needs a value");
            }
            String key = arg.substring(2);
            String value = args[++i];
            if (key.equals(CONFIG_FILE_ARGUMENT)) {
                values.putAll(load(Path.of(value)));
            } else {
                values.put(key, value);
            }
        }
        Map<String, ConfigOption<?>> byKey = new TreeMap<>();
        for (ConfigOption<?> option : known) {
            byKey.put(option.key(), option);
        }
        Configuration config = new Configuration();
        for (Map.Entry<String, String> entry : values.entrySet()) {
            if (!byKey.containsKey(entry.getKey())
                    && !entry.getKey().startsWith(KafkaOptions.PROPERTIES_PREFIX)
                    && !isTargetOption(entry.getKey())) {
                throw new IllegalArgumentException(
                        "Unknown option '"
                                + entry.getKey()
                                + "'. Options with the same prefix: "
                                + samePrefix(entry.getKey(), byKey.keySet()));
            }
            config.setString(entry.getKey(), entry.getValue());
        }
        return config;
    }

    /**
     * Whether the key is a per-target delivery option, {@code delivery.target.<name>.<option>} with
     * an option that targets have.
     */
    private static boolean isTargetOption(String key) {
        for (ConfigOption<?> template : DeliveryOptions.targetOptionTemplates()) {
            String[] parts = template.key().split(Pattern.quote(DeliveryOptions.NAME_PLACEHOLDER));
            if (key.startsWith(parts[0])
                    && key.endsWith(parts[1])
                    && key.length() > parts[0].length() + parts[1].length()) {
                return true;
            }
        }
        return false;
    }

    private static Map<String, String> load(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("Options file " + file.toAbsolutePath() + " does not exist");
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        }
        Map<String, String> values = new TreeMap<>();
        for (String name : properties.stringPropertyNames()) {
            values.put(name, properties.getProperty(name).trim());
        }
        return values;
    }

    private static String samePrefix(String key, Collection<String> known) {
        int dot = key.indexOf('.');
        String prefix = dot < 0 ? key : key.substring(0, dot + 1);
        StringBuilder matches = new StringBuilder();
        for (String candidate : known) {
            if (candidate.startsWith(prefix)) {
                matches.append(matches.length() == 0 ? "" : ", ").append(candidate);
            }
        }
        return matches.length() == 0 ? "none (see docs/configuration.md)" : matches.toString();
    }
}
