import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.configuration.YamlParserUtils;

/**
 * Reads a job descriptor (jobs/*.yaml) with Flink's own YAML parser and prints it as bash
 * assignments for scripts/submit.sh to eval. Rejects unknown keys and missing required ones, so a
 * misspelt key fails before anything is submitted. Run with Flink's jars on the classpath:
 *
 * <pre>java -cp FLINK_JARS build-support/submit/JobDescriptor.java jobs/prediction.yaml</pre>
 */
public class JobDescriptor {

    private static final Set<String> KEYS =
            Set.of(
                    "kind",
                    "name",
                    "entry-class",
                    "jar",
                    "parallelism",
                    "arguments",
                    "checkpointing",
                    "savepoint");
    private static final Set<String> CHECKPOINTING_KEYS =
            Set.of("interval", "mode", "incremental", "min-pause", "timeout");
    private static final Set<String> SAVEPOINT_KEYS =
            Set.of("on-stop", "format", "restore-mode", "allow-non-restored-state");

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: JobDescriptor DESCRIPTOR.yaml");
        }
        Map<String, Object> descriptor = YamlParserUtils.loadYamlFile(new File(args[0]));
        check(descriptor, KEYS, args[0]);
        String kind = string(descriptor, "kind", args[0]);
        if (!kind.equals("flink-job") && !kind.equals("program")) {
            throw new IllegalArgumentException(
                    args[0] + ": kind is flink-job or program, not " + kind);
        }
        StringBuilder out = new StringBuilder();
        assign(out, "kind", kind);
        assign(out, "entry_class", string(descriptor, "entry-class", args[0]));
        assign(out, "jar", string(descriptor, "jar", args[0]));
        assign(out, "job_name", optional(descriptor, "name", ""));
        assign(out, "parallelism", optional(descriptor, "parallelism", ""));
        List<String> arguments = new ArrayList<>();
        Object listed = descriptor.getOrDefault("arguments", List.of());
        if (!(listed instanceof List)) {
            throw new IllegalArgumentException(args[0] + ": arguments must be a list");
        }
        for (Object argument : (List<?>) listed) {
            arguments.add(String.valueOf(argument));
        }
        array(out, "arguments", arguments);

        List<String> properties = new ArrayList<>();
        Map<String, Object> checkpointing = section(descriptor, "checkpointing", args[0]);
        check(checkpointing, CHECKPOINTING_KEYS, args[0] + " checkpointing");
        checkpointing.forEach(
                (key, value) -> properties.add("execution.checkpointing." + key + "=" + value));
        array(out, "job_properties", properties);

        Map<String, Object> savepoint = section(descriptor, "savepoint", args[0]);
        check(savepoint, SAVEPOINT_KEYS, args[0] + " savepoint");
        assign(out, "savepoint_on_stop", optional(savepoint, "on-stop", "false"));
        assign(out, "savepoint_format", optional(savepoint, "format", "canonical"));
        assign(out, "restore_mode", optional(savepoint, "restore-mode", "no_claim"));
        assign(
                out,
                "allow_non_restored_state",
                optional(savepoint, "allow-non-restored-state", "false"));
        System.out.print(out);
    }

    private static void check(Map<String, Object> map, Set<String> known, String where) {
        for (String key : map.keySet()) {
            if (!known.contains(key)) {
                throw new IllegalArgumentException(
                        where + ": unknown key '" + key + "' (known: " + known + ")");
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> section(
            Map<String, Object> descriptor, String key, String where) {
        Object value = descriptor.getOrDefault(key, Map.of());
        if (!(value instanceof Map)) {
            throw new IllegalArgumentException(where + ": " + key + " must be a mapping");
        }
        return (Map<String, Object>) value;
    }

    private static String string(Map<String, Object> map, String key, String where) {
        Object value = map.get(key);
        if (value == null || String.valueOf(value).isBlank()) {
            throw new IllegalArgumentException(where + ": " + key + " is required");
        }
        return String.valueOf(value);
    }

    private static String optional(Map<String, Object> map, String key, String fallback) {
        Object value = map.get(key);
        return value == null ? fallback : String.valueOf(value);
    }

    private static void assign(StringBuilder out, String name, String value) {
        out.append(name).append('=').append(quote(value)).append('\n');
    }

    private static void array(StringBuilder out, String name, List<String> values) {
        out.append(name).append("=(");
        for (String value : values) {
            out.append(' ').append(quote(value));
        }
        out.append(" )\n");
    }

    /** Single-quoted for bash: nothing inside is expanded. */
    private static String quote(String value) {
        return "'" + value.replace("'", "'\\''") + "'";
    }
}
