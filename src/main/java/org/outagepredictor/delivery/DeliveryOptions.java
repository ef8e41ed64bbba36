package org.outagepredictor.delivery;

import static org.apache.flink.util.Preconditions.checkArgument;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.ReadableConfig;
import org.outagepredictor.alerting.AlertSeverity;

/**
 * Options of webhook delivery: the targets, how each is routed, and how hard the client tries.
 *
 * <ul>
 *   <li>{@code delivery.targets} (none): targets as {@code name:type;name:type}, types {@code
 *       pagerduty}, {@code opsgenie}, {@code slack}, {@code teams}, {@code alertmanager}, {@code
 *       webhook}.
 *   <li>{@code delivery.target.<name>.url}: the endpoint (PagerDuty and Opsgenie have defaults;
 *       Slack and Teams take theirs from the secret).
 *   <li>{@code delivery.target.<name>.secret-env}: the NAME of the environment variable holding the
 *       secret, or whose {@code _FILE} variant names a file holding it.
 *   <li>{@code delivery.target.<name>.device-classes} (all), {@code .min-severity} (warning),
 *       {@code .rate-per-minute} (per type).
 *   <li>{@code delivery.request-timeout} (10 s), {@code delivery.max-attempts} (6), {@code
 *       delivery.backoff-base} (1 s), {@code delivery.backoff-cap} (1 min).
 *   <li>{@code delivery.circuit.failures} (5), {@code delivery.circuit.cool-down} (1 min).
 *   <li>{@code delivery.opsgenie.priority-thresholds} (0.9;0.8;0.6;0.4).
 *   <li>{@code delivery.alertmanager.hold} (1 h), {@code delivery.max-in-flight} (100).
 * </ul>
 *
 * <p>Secrets are read once, in {@link #from}, from the environment given; the configuration holds
 * only variable names. Build this on the task manager (in {@code open()}), not in the client:
 * {@link Secret} is deliberately not serializable.
 *
 * <p>Known limit: the per-target keys are made up from target names at run time, so a checker of
 * known keys (JobArguments) must accept the {@code delivery.target.} prefix before the job can take
 * them.
 */
public final class DeliveryOptions {

    private static final Pattern TARGET_NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");

    /** The name in the per-target keys as documentation shows them. */
    public static final String NAME_PLACEHOLDER = "<name>";

    public static final ConfigOption<List<String>> TARGETS =
            ConfigOptions.key("delivery.targets")
                    .stringType()
                    .asList()
                    .defaultValues()
                    .withDescription(
                            "Where alerts are delivered, as name:type;name:type. Types:"
                                    + " pagerduty, opsgenie, slack, teams, alertmanager, webhook."
                                    + " Each name has its own delivery.target.NAME.* keys.");

    public static final ConfigOption<Duration> REQUEST_TIMEOUT =
            ConfigOptions.key("delivery.request-timeout")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(10))
                    .withDescription(
                            "How long one request may take, connecting included, before it counts"
                                    + " as failed and is retried.");

    public static final ConfigOption<Integer> MAX_ATTEMPTS =
            ConfigOptions.key("delivery.max-attempts")
                    .intType()
                    .defaultValue(6)
                    .withDescription(
                            "Requests per alert and target, the first included, before the alert"
                                    + " goes to the dead letters.");

    public static final ConfigOption<Duration> BACKOFF_BASE =
            ConfigOptions.key("delivery.backoff-base")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(1))
                    .withDescription(
                            "Wait before the first retry; it doubles with each retry, and each"
                                    + " wait is drawn between half of it and all of it (jitter).");

    public static final ConfigOption<Duration> BACKOFF_CAP =
            ConfigOptions.key("delivery.backoff-cap")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(1))
                    .withDescription(
                            "Longest wait between two attempts. A Retry-After longer than this"
                                    + " sends the alert to the dead letters at once.");

    public static final ConfigOption<Integer> CIRCUIT_FAILURES =
            ConfigOptions.key("delivery.circuit.failures")
                    .intType()
                    .defaultValue(5)
                    .withDescription(
                            "Consecutive failed requests (5xx, timeout, network error) to a"
                                    + " target that open its circuit: deliveries then fail at"
                                    + " once without a request.");

    public static final ConfigOption<Duration> CIRCUIT_COOL_DOWN =
            ConfigOptions.key("delivery.circuit.cool-down")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(1))
                    .withDescription(
                            "How long an open circuit stays open; then one trial request goes"
                                    + " through, and its success closes the circuit.");

    public static final ConfigOption<List<Double>> OPSGENIE_PRIORITY_THRESHOLDS =
            ConfigOptions.key("delivery.opsgenie.priority-thresholds")
                    .doubleType()
                    .asList()
                    .defaultValues(0.9, 0.8, 0.6, 0.4)
                    .withDescription(
                            "Lowest probabilities of Opsgenie priorities P1, P2, P3 and P4, in"
                                    + " falling order; below the last is P5.");

    public static final ConfigOption<Duration> ALERTMANAGER_HOLD =
            ConfigOptions.key("delivery.alertmanager.hold")
                    .durationType()
                    .defaultValue(Duration.ofHours(1))
                    .withDescription(
                            "endsAt of a trigger or refresh sent to Alertmanager, from the time"
                                    + " it is sent: Alertmanager resolves an alert that is not"
                                    + " sent again by then. Keep it several times"
                                    + " alerts.refresh-interval, so that a late refresh does not"
                                    + " end the alert.");

    public static final ConfigOption<Integer> MAX_IN_FLIGHT =
            ConfigOptions.key("delivery.max-in-flight")
                    .intType()
                    .defaultValue(100)
                    .withDescription(
                            "Alerts being delivered at once per subtask of the delivery operator"
                                    + " (Flink async I/O capacity); more wait, which slows the"
                                    + " alerts before them instead of piling up requests.");

    public final List<DeliveryTarget> targets;
    public final Duration requestTimeout;
    public final int maxAttempts;
    public final Duration backoffBase;
    public final Duration backoffCap;
    public final int circuitFailures;
    public final Duration circuitCoolDown;
    public final double[] opsgeniePriorityThresholds;
    public final Duration alertmanagerHold;

    private DeliveryOptions(ReadableConfig config, Function<String, String> environment) {
        requestTimeout = config.get(REQUEST_TIMEOUT);
        maxAttempts = config.get(MAX_ATTEMPTS);
        backoffBase = config.get(BACKOFF_BASE);
        backoffCap = config.get(BACKOFF_CAP);
        circuitFailures = config.get(CIRCUIT_FAILURES);
        circuitCoolDown = config.get(CIRCUIT_COOL_DOWN);
        opsgeniePriorityThresholds =
                config.get(OPSGENIE_PRIORITY_THRESHOLDS).stream()
                        .mapToDouble(Double::doubleValue)
                        .toArray();
        alertmanagerHold = config.get(ALERTMANAGER_HOLD);

        checkArgument(
                !requestTimeout.isNegative() && !requestTimeout.isZero(),
                "%s must be positive",
                REQUEST_TIMEOUT.key());
        checkArgument(maxAttempts >= 1, "%s must be at least 1", MAX_ATTEMPTS.key());
        checkArgument(
                !backoffBase.isNegative() && !backoffBase.isZero(),
                "%s must be positive",
                BACKOFF_BASE.key());
        checkArgument(
                backoffCap.compareTo(backoffBase) >= 0,
                "%s must be at least %s",
                BACKOFF_CAP.key(),
                BACKOFF_BASE.key());
        checkArgument(circuitFailures >= 1, "%s must be at least 1", CIRCUIT_FAILURES.key());
        checkArgument(
                !circuitCoolDown.isNegative(), "%s must not be negative", CIRCUIT_COOL_DOWN.key());
        checkArgument(
                opsgeniePriorityThresholds.length == 4,
                "%s needs 4 thresholds (P1 to P4), had %s",
                OPSGENIE_PRIORITY_THRESHOLDS.key(),
                opsgeniePriorityThresholds.length);
        for (int i = 1; i < 4; i++) {
            checkArgument(
                    opsgeniePriorityThresholds[i] <= opsgeniePriorityThresholds[i - 1],
                    "%s must be in falling order",
                    OPSGENIE_PRIORITY_THRESHOLDS.key());
        }
        checkArgument(
                !alertmanagerHold.isNegative() && !alertmanagerHold.isZero(),
                "%s must be positive",
                ALERTMANAGER_HOLD.key());
        targets = List.copyOf(targets(config, environment));
    }

    /**
     * Reads and checks the options, and reads each target's secret from {@code environment}.
     *
     * @param environment the process environment ({@code System::getenv}), or a map's {@code get}
     *     in tests
     * @throws IllegalArgumentException naming the offending key (never a secret)
     */
    public static DeliveryOptions from(
            ReadableConfig config, Function<String, String> environment) {
        return new DeliveryOptions(config, environment);
    }

    public static ConfigOption<String> targetUrl(String name) {
        return ConfigOptions.key(targetKey(name, "url"))
                .stringType()
                .noDefaultValue()
                .withDescription(
                        "Endpoint of the target: PagerDuty's events URL (default"
                                + " https://events.pagerduty.com/v2/enqueue), Opsgenie's API base"
                                + " (default https://api.opsgenie.com), Alertmanager's base"
                                + " (required), the webhook's URL (required). Not for Slack and"
                                + " Teams, whose URL is their secret.");
    }

    public static ConfigOption<String> targetSecretEnv(String name) {
        return ConfigOptions.key(targetKey(name, "secret-env"))
                .stringType()
                .noDefaultValue()
                .withDescription(
                        "NAME of the environment variable that holds the target's secret"
                                + " (PagerDuty routing key, Opsgenie API key, Slack or Teams"
                                + " webhook URL, webhook HMAC key), or whose _FILE variant names a"
                                + " file holding it. Never the secret itself. Alertmanager takes"
                                + " none.");
    }

    public static ConfigOption<List<String>> targetDeviceClasses(String name) {
        return ConfigOptions.key(targetKey(name, "device-classes"))
                .stringType()
                .asList()
                .defaultValues()
                .withDescription(
                        "Device classes whose alerts go to the target, e.g."
                                + " firewall;router. Empty: all.");
    }

    public static ConfigOption<AlertSeverity> targetMinSeverity(String name) {
        return ConfigOptions.key(targetKey(name, "min-severity"))
                .enumType(AlertSeverity.class)
                .defaultValue(AlertSeverity.WARNING)
                .withDescription(
                        "Least severity of triggers the target receives: warning, error or"
                                + " critical.");
    }

    public static ConfigOption<Integer> targetRatePerMinute(String name) {
        return ConfigOptions.key(targetKey(name, "rate-per-minute"))
                .intType()
                .noDefaultValue()
                .withDescription(
                        "Requests per minute to the target, smoothed (token bucket)."
                                + " Default by type: pagerduty 120, opsgenie 60, slack 60,"
                                + " teams 60, alertmanager 600, webhook 600.");
    }

    /** The options that do not depend on a target's name. */
    public static List<ConfigOption<?>> options() {
        return List.of(
                TARGETS,
                REQUEST_TIMEOUT,
                MAX_ATTEMPTS,
                BACKOFF_BASE,
                BACKOFF_CAP,
                CIRCUIT_FAILURES,
                CIRCUIT_COOL_DOWN,
                OPSGENIE_PRIORITY_THRESHOLDS,
                ALERTMANAGER_HOLD,
                MAX_IN_FLIGHT);
    }

    /** The per-target options with {@code <name>} in their keys, for documentation. */
    public static List<ConfigOption<?>> targetOptionTemplates() {
        return List.of(
                targetUrl(NAME_PLACEHOLDER),
                targetSecretEnv(NAME_PLACEHOLDER),
                targetDeviceClasses(NAME_PLACEHOLDER),
                targetMinSeverity(NAME_PLACEHOLDER),
                targetRatePerMinute(NAME_PLACEHOLDER));
    }

    /**
     * How long the async operator lets one alert take before it gives it up as a dead letter. Read
     * from the options alone, without the secrets, which only the TaskManagers have: longer than
     * the client's own worst case (every attempt timing out, every backoff at the cap, plus a
     * rate-limit wait), so that the client's outcome normally decides.
     */
    public static long asyncTimeoutMillis(ReadableConfig config) {
        return config.get(MAX_ATTEMPTS)
                        * (config.get(REQUEST_TIMEOUT).toMillis()
                                + config.get(BACKOFF_CAP).toMillis())
                + 60_000L;
    }

    private static String targetKey(String name, String option) {
        return "delivery.target." + name + "." + option;
    }

    private static List<DeliveryTarget> targets(
            ReadableConfig config, Function<String, String> environment) {
        List<DeliveryTarget> targets = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (String entry : config.get(TARGETS)) {
            String[] parts = entry.split(":", -1);
            checkArgument(
                    parts.length == 2, "%s entries are name:type, was '%s'", TARGETS.key(), entry);
            String name = parts[0].trim();
            checkArgument(
                    TARGET_NAME.matcher(name).matches(),
                    "Target name '%s' in %s must be lower-case letters, digits and '-'",
                    name,
                    TARGETS.key());
            checkArgument(names.add(name), "Target name '%s' appears twice", name);
            targets.add(target(config, environment, name, TargetType.fromKey(parts[1])));
        }
        return targets;
    }

    private static DeliveryTarget target(
            ReadableConfig config,
            Function<String, String> environment,
            String name,
            TargetType type) {
        Optional<String> secretEnv = config.getOptional(targetSecretEnv(name));
        Secret secret = null;
        if (type.secretMeaning() == null) {
            checkArgument(
                    secretEnv.isEmpty(),
                    "Target %s (%s) takes no secret, but %s is set",
                    name,
                    type.key(),
                    targetSecretEnv(name).key());
        } else {
            checkArgument(
                    secretEnv.isPresent(),
                    "Target %s (%s) needs its %s: set %s to the name of an environment variable",
                    name,
                    type.key(),
                    type.secretMeaning(),
                    targetSecretEnv(name).key());
            try {
                secret = Secret.fromEnvironment(secretEnv.get(), environment);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "Target "
                                + name
                                + " has no "
                                + type.secretMeaning()
                                + ": "
                                + e.getMessage(),
                        e);
            }
        }
        Optional<String> url = config.getOptional(targetUrl(name));
        URI endpoint;
        if (type.secretIsUrl()) {
            checkArgument(
                    url.isEmpty(),
                    "Target %s (%s): the webhook URL is the secret; set %s, not %s",
                    name,
                    type.key(),
                    targetSecretEnv(name).key(),
                    targetUrl(name).key());
            endpoint = httpUri(secret.reveal(), "the secret of target " + name);
        } else {
            String text = url.orElse(type.defaultUrl());
            checkArgument(text != null, "Target %s needs %s", name, targetUrl(name).key());
            endpoint = httpUri(text, targetUrl(name).key());
        }
        Set<String> deviceClasses = new LinkedHashSet<>();
        for (String deviceClass : config.get(targetDeviceClasses(name))) {
            deviceClasses.add(deviceClass.trim().toLowerCase(Locale.ROOT));
        }
        int rate =
                config.getOptional(targetRatePerMinute(name)).orElse(type.defaultRatePerMinute());
        checkArgument(rate >= 1, "%s must be at least 1", targetRatePerMinute(name).key());
        return new DeliveryTarget(
                name,
                type,
                endpoint,
                secret,
                deviceClasses,
                config.get(targetMinSeverity(name)),
                rate);
    }

    /** Parses an http(s) URL; the message names where it came from, never the text. */
    private static URI httpUri(String text, String origin) {
        URI uri;
        try {
            uri = URI.create(text.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(origin + " is not a valid URL");
        }
        checkArgument(
                ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
                        && uri.getHost() != null,
                "%s must be an http or https URL",
                origin);
        return uri;
    }

    @Override
    public String toString() {
        return "DeliveryOptions{targets="
                + targets
                + ", requestTimeout="
                + requestTimeout
                + ", maxAttempts="
                + maxAttempts
                + ", backoff="
                + backoffBase
                + ".."
                + backoffCap
                + ", circuit="
                + circuitFailures
                + " failures/"
                + circuitCoolDown
                + "}";
    }
}
