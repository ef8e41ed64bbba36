package org.outagepredictor.simulate;

import static org.apache.flink.util.Preconditions.checkArgument;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ReadableConfig;
import org.outagepredictor.event.ChangeType;

/**
 * The settings of the {@link FleetSimulator}, read from Flink configuration and validated once.
 * Rates are per device; durations accept Flink's duration syntax ({@code 90 s}, {@code 20 min},
 * {@code 3 h}).
 *
 * <table>
 *   <caption>Options</caption>
 *   <tr><th>Key</th><th>Default</th><th>Meaning</th></tr>
 *   <tr><td>simulator.devices</td><td>1000</td><td>devices over all source subtasks</td></tr>
 *   <tr><td>simulator.seed</td><td>1</td><td>seed of every random choice</td></tr>
 *   <tr><td>simulator.start-time</td><td>2026-01-01T00:00:00Z</td><td>event time of the
 *       start</td></tr>
 *   <tr><td>simulator.class-mix</td><td>firewall=0.05,router=0.1,switch=0.2,server=0.45,
 *       database=0.1,load-balancer=0.1</td><td>share of each device class</td></tr>
 *   <tr><td>simulator.event-rates</td><td>firewall=3600,router=120,switch=60,server=12,
 *       database=30,load-balancer=600</td><td>alert and log events per device-hour</td></tr>
 *   <tr><td>simulator.error-fraction</td><td>0.03</td><td>share of those that are ERROR</td></tr>
 *   <tr><td>simulator.metric-interval</td><td>60 s</td><td>time between metric samples</td></tr>
 *   <tr><td>simulator.change-rate</td><td>2.0</td><td>changes per device-day</td></tr>
 *   <tr><td>simulator.change-type-mix</td><td>planned=0.55,emergency=0.05,unauthorised=0.05,
 *       config-run=0.35</td><td>share of each change type</td></tr>
 *   <tr><td>simulator.change-failure-fraction</td><td>0.05</td><td>failed planned, emergency
 *       and unauthorised changes</td></tr>
 *   <tr><td>simulator.config-run-failure-fraction</td><td>0.1</td><td>failed
 *       configuration-management runs</td></tr>
 *   <tr><td>simulator.bad-change-fraction</td><td>0.2</td><td>chance that a successful planned
 *       change or config run is bad</td></tr>
 *   <tr><td>simulator.bad-change-multiplier.failed</td><td>3.0</td><td>that chance multiplied
 *       for a failed change</td></tr>
 *   <tr><td>simulator.bad-change-multiplier.emergency</td><td>2.0</td><td>... for an emergency
 *       change</td></tr>
 *   <tr><td>simulator.bad-change-multiplier.unauthorised</td><td>2.5</td><td>... for an
 *       unauthorised change</td></tr>
 *   <tr><td>simulator.degraded-error-multiplier</td><td>15.0</td><td>error-event rate of a
 *       degraded device over its normal one</td></tr>
 *   <tr><td>simulator.incident-after-bad-change</td><td>0.8</td><td>chance that a bad change
 *       ends in an incident</td></tr>
 *   <tr><td>simulator.incident-delay-min</td><td>20 min</td><td>shortest bad change to
 *       incident</td></tr>
 *   <tr><td>simulator.incident-delay-max</td><td>3 h</td><td>longest bad change to
 *       incident</td></tr>
 *   <tr><td>simulator.degradation-min</td><td>10 min</td><td>shortest fade of a bad change
 *       without incident</td></tr>
 *   <tr><td>simulator.degradation-max</td><td>4 h</td><td>longest such fade</td></tr>
 *   <tr><td>simulator.drift-incident-rate</td><td>0.01</td><td>slow-drift incidents per
 *       device-day</td></tr>
 *   <tr><td>simulator.drift-duration-min</td><td>2 h</td><td>shortest drift before its
 *       incident</td></tr>
 *   <tr><td>simulator.drift-duration-max</td><td>12 h</td><td>longest drift</td></tr>
 *   <tr><td>simulator.random-incident-rate</td><td>0.01</td><td>incidents without precursor per
 *       device-day</td></tr>
 *   <tr><td>simulator.incident-p3-fraction</td><td>0.0</td><td>share of incidents raised as P3
 *       instead of P1/P2</td></tr>
 * </table>
 *
 * <p>Holds only immutable values, so one instance can be shipped to every source subtask.
 */
public final class SimulatorOptions implements Serializable {

    private static final long serialVersionUID = 1L;

    public static final ConfigOption<Integer> DEVICES =
            ConfigOptions.key("simulator.devices")
                    .intType()
                    .defaultValue(1000)
                    .withDescription(
                            "Number of simulated devices over all source subtasks; subtask k of"
                                    + " p simulates the devices whose index i has i % p == k.");

    public static final ConfigOption<Long> SEED =
            ConfigOptions.key("simulator.seed")
                    .longType()
                    .defaultValue(1L)
                    .withDescription(
                            "Seed of every random choice. Each device draws from its own"
                                    + " generator seeded from this seed and its index.");

    public static final ConfigOption<String> START_TIME =
            ConfigOptions.key("simulator.start-time")
                    .stringType()
                    .defaultValue("2026-01-01T00:00:00Z")
                    .withDescription(
                            "Event time at which the simulation starts (ISO-8601 instant).");

    public static final ConfigOption<String> CLASS_MIX =
            ConfigOptions.key("simulator.class-mix")
                    .stringType()
                    .defaultValue(
                            "firewall=0.05,router=0.1,switch=0.2,server=0.45,database=0.1,"
                                    + "load-balancer=0.1")
                    .withDescription(
                            "Relative share of each device class, as class=weight pairs; classes"
                                    + " not named get none. Weights need not sum to 1.");

    public static final ConfigOption<String> EVENT_RATES =
            ConfigOptions.key("simulator.event-rates")
                    .stringType()
                    .defaultValue(
                            "firewall=3600,router=120,switch=60,server=12,database=30,"
                                    + "load-balancer=600")
                    .withDescription(
                            "Background ALERT and LOG events per device-hour, as class=rate pairs;"
                                    + " classes not named keep their default. firewall=500000 is"
                                    + " a firewall writing 12 million events a day.");

    public static final ConfigOption<Double> ERROR_FRACTION =
            ConfigOptions.key("simulator.error-fraction")
                    .doubleType()
                    .defaultValue(0.03)
                    .withDescription(
                            "Share of background events of a healthy device that have severity"
                                    + " ERROR; the rest are INFO and WARNING.");

    public static final ConfigOption<Duration> METRIC_INTERVAL =
            ConfigOptions.key("simulator.metric-interval")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(60))
                    .withDescription(
                            "Time between two samples of a device's metrics (at least 1 s).");

    public static final ConfigOption<Double> CHANGE_RATE =
            ConfigOptions.key("simulator.change-rate")
                    .doubleType()
                    .defaultValue(2.0)
                    .withDescription("Changes per device-day, of all types.");

    public static final ConfigOption<String> CHANGE_TYPE_MIX =
            ConfigOptions.key("simulator.change-type-mix")
                    .stringType()
                    .defaultValue("planned=0.55,emergency=0.05,unauthorised=0.05,config-run=0.35")
                    .withDescription(
                            "Relative share of each change type, as type=weight pairs (planned,"
                                    + " emergency, unauthorised, config-run); types not named get"
                                    + " none.");

    public static final ConfigOption<Double> CHANGE_FAILURE_FRACTION =
            ConfigOptions.key("simulator.change-failure-fraction")
                    .doubleType()
                    .defaultValue(0.05)
                    .withDescription(
                            "Share of planned, emergency and unauthorised changes that fail.");

    public static final ConfigOption<Double> CONFIG_RUN_FAILURE_FRACTION =
            ConfigOptions.key("simulator.config-run-failure-fraction")
                    .doubleType()
                    .defaultValue(0.1)
                    .withDescription(
                            "Share of configuration-management runs (Puppet, Chef) that fail.");

    public static final ConfigOption<Double> BAD_CHANGE_FRACTION =
            ConfigOptions.key("simulator.bad-change-fraction")
                    .doubleType()
                    .defaultValue(0.2)
                    .withDescription(
                            "Chance that a successful planned change or config run is bad, that"
                                    + " is, degrades its device. Multiplied for failed, emergency"
                                    + " and unauthorised changes, capped at 1.");

    public static final ConfigOption<Double> BAD_CHANGE_MULTIPLIER_FAILED =
            ConfigOptions.key("simulator.bad-change-multiplier.failed")
                    .doubleType()
                    .defaultValue(3.0)
                    .withDescription("How much likelier a failed change is to be bad.");

    public static final ConfigOption<Double> BAD_CHANGE_MULTIPLIER_EMERGENCY =
            ConfigOptions.key("simulator.bad-change-multiplier.emergency")
                    .doubleType()
                    .defaultValue(2.0)
                    .withDescription("How much likelier an emergency change is to be bad.");

    public static final ConfigOption<Double> BAD_CHANGE_MULTIPLIER_UNAUTHORISED =
            ConfigOptions.key("simulator.bad-change-multiplier.unauthorised")
                    .doubleType()
                    .defaultValue(2.5)
                    .withDescription("How much likelier an unauthorised change is to be bad.");

    public static final ConfigOption<Double> DEGRADED_ERROR_MULTIPLIER =
            ConfigOptions.key("simulator.degraded-error-multiplier")
                    .doubleType()
                    .defaultValue(15.0)
                    .withDescription(
                            "Rate of ERROR and CRITICAL events of a device degraded by a bad"
                                    + " change, as a multiple of its healthy error rate (at least"
                                    + " 1).");

    public static final ConfigOption<Double> INCIDENT_AFTER_BAD_CHANGE =
            ConfigOptions.key("simulator.incident-after-bad-change")
                    .doubleType()
                    .defaultValue(0.8)
                    .withDescription(
                            "Chance that a bad change ends in an incident; otherwise the"
                                    + " degradation fades away.");

    public static final ConfigOption<Duration> INCIDENT_DELAY_MIN =
            ConfigOptions.key("simulator.incident-delay-min")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(20))
                    .withDescription("Shortest time from a bad change to its incident.");

    public static final ConfigOption<Duration> INCIDENT_DELAY_MAX =
            ConfigOptions.key("simulator.incident-delay-max")
                    .durationType()
                    .defaultValue(Duration.ofHours(3))
                    .withDescription(
                            "Longest time from a bad change to its incident; the delay is uniform"
                                    + " between min and max.");

    public static final ConfigOption<Duration> DEGRADATION_MIN =
            ConfigOptions.key("simulator.degradation-min")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(10))
                    .withDescription(
                            "Shortest time a bad change that causes no incident takes to fade.");

    public static final ConfigOption<Duration> DEGRADATION_MAX =
            ConfigOptions.key("simulator.degradation-max")
                    .durationType()
                    .defaultValue(Duration.ofHours(4))
                    .withDescription(
                            "Longest time a bad change that causes no incident takes to fade.");

    public static final ConfigOption<Double> DRIFT_INCIDENT_RATE =
            ConfigOptions.key("simulator.drift-incident-rate")
                    .doubleType()
                    .defaultValue(0.01)
                    .withDescription(
                            "Slow drifts per device-day: temperature or disk use climbs for hours,"
                                    + " then the device fails. Drifts due while the device is"
                                    + " already in trouble are skipped.");

    public static final ConfigOption<Duration> DRIFT_DURATION_MIN =
            ConfigOptions.key("simulator.drift-duration-min")
                    .durationType()
                    .defaultValue(Duration.ofHours(2))
                    .withDescription("Shortest time from the start of a drift to its incident.");

    public static final ConfigOption<Duration> DRIFT_DURATION_MAX =
            ConfigOptions.key("simulator.drift-duration-max")
                    .durationType()
                    .defaultValue(Duration.ofHours(12))
                    .withDescription("Longest time from the start of a drift to its incident.");

    public static final ConfigOption<Double> RANDOM_INCIDENT_RATE =
            ConfigOptions.key("simulator.random-incident-rate")
                    .doubleType()
                    .defaultValue(0.01)
                    .withDescription(
                            "Incidents per device-day that come with no precursor at all.");

    public static final ConfigOption<Double> INCIDENT_P3_FRACTION =
            ConfigOptions.key("simulator.incident-p3-fraction")
                    .doubleType()
                    .defaultValue(0.0)
                    .withDescription(
                            "Share of incidents raised as priority 3 instead of an outage (30% of"
                                    + " outages are P1, the rest P2).");

    public final int devices;
    public final long seed;
    public final Instant startTime;

    /** Share of each device class, summing to 1; every class is present. */
    public final Map<DeviceClass, Double> classMix;

    /** Background ALERT and LOG events per device-hour; every class is present. */
    public final Map<DeviceClass, Double> eventRatesPerHour;

    public final double errorFraction;
    public final Duration metricInterval;
    public final double changesPerDay;

    /** Share of each change type, summing to 1; every type is present. */
    public final Map<ChangeType, Double> changeTypeMix;

    public final double changeFailureFraction;
    public final double configRunFailureFraction;
    public final double badChangeFraction;
    public final double failedBadChangeMultiplier;
    public final double emergencyBadChangeMultiplier;
    public final double unauthorisedBadChangeMultiplier;
    public final double degradedErrorMultiplier;
    public final double incidentAfterBadChange;
    public final Duration incidentDelayMin;
    public final Duration incidentDelayMax;
    public final Duration degradationMin;
    public final Duration degradationMax;
    public final double driftIncidentsPerDay;
    public final Duration driftDurationMin;
    public final Duration driftDurationMax;
    public final double randomIncidentsPerDay;
    public final double incidentP3Fraction;

    private SimulatorOptions(ReadableConfig config) {
        devices = config.get(DEVICES);
        checkArgument(devices >= 1, "%s must be at least 1, got %s", DEVICES.key(), devices);
        seed = config.get(SEED);
        startTime = parseInstant(START_TIME, config.get(START_TIME));

        classMix =
                normalised(
                        CLASS_MIX,
                        DeviceClass.class,
                        parsePairs(
                                CLASS_MIX,
                                config.get(CLASS_MIX),
                                DeviceClass.class,
                                DeviceClass::fromLabel));
        Map<DeviceClass, Double> rates =
                parsePairs(
                        EVENT_RATES,
                        EVENT_RATES.defaultValue(),
                        DeviceClass.class,
                        DeviceClass::fromLabel);
        rates.putAll(
                parsePairs(
                        EVENT_RATES,
                        config.get(EVENT_RATES),
                        DeviceClass.class,
                        DeviceClass::fromLabel));
        eventRatesPerHour = Collections.unmodifiableMap(rates);
        errorFraction = fraction(config, ERROR_FRACTION);

        metricInterval = config.get(METRIC_INTERVAL);
        checkArgument(
                metricInterval.compareTo(Duration.ofSeconds(1)) >= 0,
                "%s must be at least 1 s, got %s",
                METRIC_INTERVAL.key(),
                metricInterval);

        changesPerDay = nonNegative(config, CHANGE_RATE);
        changeTypeMix =
                normalised(
                        CHANGE_TYPE_MIX,
                        ChangeType.class,
                        parsePairs(
                                CHANGE_TYPE_MIX,
                                config.get(CHANGE_TYPE_MIX),
                                ChangeType.class,
                                SimulatorOptions::parseChangeType));
        changeFailureFraction = fraction(config, CHANGE_FAILURE_FRACTION);
        configRunFailureFraction = fraction(config, CONFIG_RUN_FAILURE_FRACTION);

        badChangeFraction = fraction(config, BAD_CHANGE_FRACTION);
        failedBadChangeMultiplier = nonNegative(config, BAD_CHANGE_MULTIPLIER_FAILED);
        emergencyBadChangeMultiplier = nonNegative(config, BAD_CHANGE_MULTIPLIER_EMERGENCY);
        unauthorisedBadChangeMultiplier = nonNegative(config, BAD_CHANGE_MULTIPLIER_UNAUTHORISED);
        degradedErrorMultiplier = nonNegative(config, DEGRADED_ERROR_MULTIPLIER);
        checkArgument(
                degradedErrorMultiplier >= 1,
                "%s must be at least 1 (a degraded device is not quieter), got %s",
                DEGRADED_ERROR_MULTIPLIER.key(),
                degradedErrorMultiplier);
        incidentAfterBadChange = fraction(config, INCIDENT_AFTER_BAD_CHANGE);

        incidentDelayMin = config.get(INCIDENT_DELAY_MIN);
        incidentDelayMax = config.get(INCIDENT_DELAY_MAX);
        checkRange(INCIDENT_DELAY_MIN, incidentDelayMin, INCIDENT_DELAY_MAX, incidentDelayMax);
        degradationMin = config.get(DEGRADATION_MIN);
        degradationMax = config.get(DEGRADATION_MAX);
        checkRange(DEGRADATION_MIN, degradationMin, DEGRADATION_MAX, degradationMax);

        driftIncidentsPerDay = nonNegative(config, DRIFT_INCIDENT_RATE);
        driftDurationMin = config.get(DRIFT_DURATION_MIN);
        driftDurationMax = config.get(DRIFT_DURATION_MAX);
        checkRange(DRIFT_DURATION_MIN, driftDurationMin, DRIFT_DURATION_MAX, driftDurationMax);
        randomIncidentsPerDay = nonNegative(config, RANDOM_INCIDENT_RATE);
        incidentP3Fraction = fraction(config, INCIDENT_P3_FRACTION);
    }

    /**
     * Reads and validates every {@code simulator.*} option, using defaults for those not set.
     *
     * @throws IllegalArgumentException naming the option whose value is not acceptable
     */
    public static SimulatorOptions from(ReadableConfig config) {
        return new SimulatorOptions(config);
    }

    /** All options at their defaults. */
    public static SimulatorOptions defaults() {
        return from(new Configuration());
    }

    /** Every option this class reads, in the order of the class documentation. */
    public static List<ConfigOption<?>> options() {
        return List.of(
                DEVICES,
                SEED,
                START_TIME,
                CLASS_MIX,
                EVENT_RATES,
                ERROR_FRACTION,
                METRIC_INTERVAL,
                CHANGE_RATE,
                CHANGE_TYPE_MIX,
                CHANGE_FAILURE_FRACTION,
                CONFIG_RUN_FAILURE_FRACTION,
                BAD_CHANGE_FRACTION,
                BAD_CHANGE_MULTIPLIER_FAILED,
                BAD_CHANGE_MULTIPLIER_EMERGENCY,
                BAD_CHANGE_MULTIPLIER_UNAUTHORISED,
                DEGRADED_ERROR_MULTIPLIER,
                INCIDENT_AFTER_BAD_CHANGE,
                INCIDENT_DELAY_MIN,
                INCIDENT_DELAY_MAX,
                DEGRADATION_MIN,
                DEGRADATION_MAX,
                DRIFT_INCIDENT_RATE,
                DRIFT_DURATION_MIN,
                DRIFT_DURATION_MAX,
                RANDOM_INCIDENT_RATE,
                INCIDENT_P3_FRACTION);
    }

    /** The name of a change type in {@link #CHANGE_TYPE_MIX}, such as {@code config-run}. */
    static String changeTypeLabel(ChangeType type) {
        return type.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static ChangeType parseChangeType(String label) {
        for (ChangeType type : ChangeType.values()) {
            if (changeTypeLabel(type).equals(label)) {
                return type;
            }
        }
        throw new IllegalArgumentException(
                "unknown change type '"
                        + label
                        + "'; expected one of "
                        + Arrays.stream(ChangeType.values())
                                .map(SimulatorOptions::changeTypeLabel)
                                .collect(Collectors.joining(", ")));
    }

    private static Instant parseInstant(ConfigOption<String> option, String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    String.format(
                            "%s must be an ISO-8601 instant such as %s, got '%s'",
                            option.key(), option.defaultValue(), text),
                    e);
        }
    }

    /** Parses {@code name=number,name=number}; every number must be finite and not negative. */
    private static <K extends Enum<K>> EnumMap<K, Double> parsePairs(
            ConfigOption<String> option, String text, Class<K> keyType, Function<String, K> keys) {
        EnumMap<K, Double> values = new EnumMap<>(keyType);
        for (String pair : text.split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            String[] parts = pair.split("=", -1);
            checkArgument(
                    parts.length == 2,
                    "%s must be a list of name=number pairs, got '%s' in '%s'",
                    option.key(),
                    pair.trim(),
                    text);
            K key;
            try {
                key = keys.apply(parts[0].trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(option.key() + ": " + e.getMessage(), e);
            }
            double value;
            try {
                value = Double.parseDouble(parts[1].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        String.format(
                                "%s: '%s' needs a number after '=', got '%s'",
                                option.key(), parts[0].trim(), parts[1].trim()),
                        e);
            }
            checkArgument(
                    Double.isFinite(value) && value >= 0,
                    "%s: '%s' must be a finite number of at least 0, got %s",
                    option.key(),
                    parts[0].trim(),
                    value);
            checkArgument(
                    values.put(key, value) == null,
                    "%s names '%s' twice",
                    option.key(),
                    parts[0].trim());
        }
        return values;
    }

    /** Scales weights to sum to 1 and fills in 0 for the keys not named. */
    private static <K extends Enum<K>> Map<K, Double> normalised(
            ConfigOption<String> option, Class<K> keyType, EnumMap<K, Double> weights) {
        double total = weights.values().stream().mapToDouble(Double::doubleValue).sum();
        checkArgument(
                total > 0,
                "%s needs at least one entry with a weight above 0, got %s",
                option.key(),
                weights);
        for (K key : keyType.getEnumConstants()) {
            weights.putIfAbsent(key, 0.0);
        }
        weights.replaceAll((key, weight) -> weight / total);
        return Collections.unmodifiableMap(weights);
    }

    private static double fraction(ReadableConfig config, ConfigOption<Double> option) {
        double value = config.get(option);
        checkArgument(
                value >= 0 && value <= 1,
                "%s must be between 0 and 1, got %s",
                option.key(),
                value);
        return value;
    }

    private static double nonNegative(ReadableConfig config, ConfigOption<Double> option) {
        double value = config.get(option);
        checkArgument(
                Double.isFinite(value) && value >= 0,
                "%s must be a finite number of at least 0, got %s",
                option.key(),
                value);
        return value;
    }

    private static void checkRange(
            ConfigOption<Duration> minOption,
            Duration min,
            ConfigOption<Duration> maxOption,
            Duration max) {
        checkArgument(
                min.compareTo(Duration.ofMillis(1)) >= 0,
                "%s must be at least 1 ms, got %s",
                minOption.key(),
                min);
        checkArgument(
                max.compareTo(min) >= 0,
                "%s (%s) must not be shorter than %s (%s)",
                maxOption.key(),
                max,
                minOption.key(),
                min);
    }
}
