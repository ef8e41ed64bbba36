package org.outagepredictor.evaluate;

import static org.apache.flink.util.Preconditions.checkArgument;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.outagepredictor.simulate.SimulatorOptions;

/**
 * The simulated fleet of an evaluation dataset {@code simulator:SEED?OPTION=VALUE&...}: a seed and
 * the simulator options in which its world differs from the defaults the shipped model was trained
 * on (for example {@code simulator:21?simulator.degraded-error-multiplier=1}: bad changes no longer
 * raise error bursts). The fleet's size comes from {@code evaluate.simulator.*}.
 */
record SimulatedWorld(long seed, Map<String, String> changed) {

    private static final String PREFIX = "simulator.";

    private static final Set<String> SET_ELSEWHERE =
            Set.of(SimulatorOptions.SEED.key(), SimulatorOptions.DEVICES.key());

    /**
     * Parses what follows {@code simulator:}. Unknown, repeated or missing options and bad values
     * are refused, naming the option.
     */
    static SimulatedWorld parse(String text) {
        int query = text.indexOf('?');
        String seedText = (query < 0 ? text : text.substring(0, query)).trim();
        long seed;
        try {
            seed = Long.parseLong(seedText);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "Dataset 'simulator:"
                            + text
                            + "': '"
                            + seedText
                            + "' is not a seed (simulator:SEED or simulator:SEED?OPTION=VALUE&...)",
                    e);
        }
        Map<String, String> changed = new LinkedHashMap<>();
        if (query >= 0) {
            Set<String> known =
                    SimulatorOptions.options().stream()
                            .map(ConfigOption::key)
                            .filter(key -> !SET_ELSEWHERE.contains(key))
                            .collect(Collectors.toSet());
            // -1 keeps a trailing empty item, so that "a=1&" is refused like "&a=1".
            for (String setting : text.substring(query + 1).split("&", -1)) {
                int equals = setting.indexOf('=');
                String key = equals < 0 ? setting.trim() : setting.substring(0, equals).trim();
                checkArgument(
                        known.contains(key),
                        "Dataset 'simulator:%s': '%s' is not OPTION=VALUE of a simulator option"
                                + " (any but %s)",
                        text,
                        setting,
                        String.join(" and ", SET_ELSEWHERE.stream().sorted().toList()));
                checkArgument(
                        equals >= 0, "Dataset 'simulator:%s': '%s' has no value", text, setting);
                checkArgument(
                        changed.put(key, setting.substring(equals + 1).trim()) == null,
                        "Dataset 'simulator:%s' sets %s twice",
                        text,
                        key);
            }
        }
        SimulatedWorld world = new SimulatedWorld(seed, Collections.unmodifiableMap(changed));
        // Validates every value now, naming the option, before anything is replayed.
        SimulatorOptions.from(world.options(1));
        return world;
    }

    /** The simulator's options for a fleet of this many devices. */
    Configuration options(int devices) {
        Configuration options = Configuration.fromMap(changed);
        options.set(SimulatorOptions.SEED, seed);
        options.set(SimulatorOptions.DEVICES, devices);
        return options;
    }

    /** The dataset's name: the seed, and what differs from the defaults. */
    String name() {
        return "fleet simulator, seed "
                + seed
                + changed.entrySet().stream()
                        .map(e -> ", " + e.getKey().substring(PREFIX.length()) + " " + e.getValue())
                        .collect(Collectors.joining());
    }

    /** What differs from the simulator's defaults, in words for the report. */
    String describe() {
        if (changed.isEmpty()) {
            return "the simulator's defaults";
        }
        return "the simulator's defaults except "
                + changed.entrySet().stream()
                        .map(e -> "`" + e.getKey() + "` " + e.getValue())
                        .collect(Collectors.joining(", "))
                + " (a world unlike the one the shipped model was trained in)";
    }
}
