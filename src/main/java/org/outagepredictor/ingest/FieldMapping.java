package org.outagepredictor.ingest;

import java.io.IOException;
import java.io.Reader;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ReadableConfig;
import org.outagepredictor.event.ChangeType;
import org.outagepredictor.event.Severity;

/**
 * One organisation's conventions, read from the {@link MappingOptions}: which field names the
 * device in each format, how device names are normalised, which values mean which change type,
 * priority and severity. The parsers take everything organisation-specific from here, so that two
 * organisations' differently shaped records become the same canonical events by configuration
 * alone.
 *
 * <p>Built once when the job is built (the alias file is read then) and shipped to the operators
 * serialised. Invalid options fail {@link #from} with the option's key.
 *
 * <p>Limits: value lists match whole values, ignoring case, never patterns; the time-format
 * patterns are java.time patterns in English.
 */
public final class FieldMapping implements Serializable {

    private static final long serialVersionUID = 1L;

    public final String serviceNowDeviceField;
    public final String puppetDeviceField;
    public final boolean puppetCorrectiveAsUnauthorised;
    public final String chefDeviceField;
    public final String panosDeviceField;
    public final String splunkHecDeviceField;
    public final String splunkHecSeverityField;
    public final String solarWindsDeviceField;
    public final String alertmanagerDeviceLabel;
    public final String genericJsonDeviceField;
    public final ChangeType untrackedChangeType;

    private final String serviceNowTimeFormat;
    private final String serviceNowTimeZone;
    private final String panosTimeZone;
    private final String solarWindsTimeFormat;
    private final String solarWindsTimeZone;
    private final DeviceNames deviceNames;
    private final Map<String, ChangeType> changeTypes;
    private final Set<String> failedCloseCodes;
    private final Set<String> failedStates;
    private final Map<String, Integer> priorityNames;
    private final Map<String, Severity> severityNames;
    private final Map<String, Severity> splunkSeverityKeywords;

    private FieldMapping(ReadableConfig config) {
        serviceNowDeviceField = field(config, MappingOptions.SERVICENOW_DEVICE_FIELD);
        puppetDeviceField = field(config, MappingOptions.PUPPET_DEVICE_FIELD);
        puppetCorrectiveAsUnauthorised =
                config.get(MappingOptions.PUPPET_CORRECTIVE_AS_UNAUTHORISED);
        chefDeviceField = field(config, MappingOptions.CHEF_DEVICE_FIELD);
        panosDeviceField = field(config, MappingOptions.PANOS_DEVICE_FIELD);
        if (!panosDeviceField.equals("device_name") && !panosDeviceField.equals("serial")) {
            throw new IllegalArgumentException(
                    MappingOptions.PANOS_DEVICE_FIELD.key()
                            + " must be device_name or serial, was "
                            + panosDeviceField);
        }
        splunkHecDeviceField = field(config, MappingOptions.SPLUNK_HEC_DEVICE_FIELD);
        splunkHecSeverityField = field(config, MappingOptions.SPLUNK_HEC_SEVERITY_FIELD);
        solarWindsDeviceField = field(config, MappingOptions.SOLARWINDS_DEVICE_FIELD);
        alertmanagerDeviceLabel = field(config, MappingOptions.ALERTMANAGER_DEVICE_LABEL);
        genericJsonDeviceField = field(config, MappingOptions.GENERIC_JSON_DEVICE_FIELD);
        untrackedChangeType =
                enumValue(config, MappingOptions.CHANGE_UNTRACKED_TYPE, ChangeType.class);

        serviceNowTimeFormat = config.get(MappingOptions.SERVICENOW_TIME_FORMAT);
        serviceNowTimeZone = config.get(MappingOptions.SERVICENOW_TIME_ZONE);
        panosTimeZone = config.get(MappingOptions.PANOS_TIME_ZONE);
        solarWindsTimeFormat = config.get(MappingOptions.SOLARWINDS_TIME_FORMAT);
        solarWindsTimeZone = config.get(MappingOptions.SOLARWINDS_TIME_ZONE);
        // Fail at build time, not on the first record.
        formatter(MappingOptions.SERVICENOW_TIME_FORMAT, serviceNowTimeFormat);
        formatter(MappingOptions.SOLARWINDS_TIME_FORMAT, solarWindsTimeFormat);
        zone(MappingOptions.SERVICENOW_TIME_ZONE, serviceNowTimeZone);
        zone(MappingOptions.PANOS_TIME_ZONE, panosTimeZone);
        zone(MappingOptions.SOLARWINDS_TIME_ZONE, solarWindsTimeZone);

        Map<String, String> aliases = new HashMap<>();
        config.getOptional(MappingOptions.DEVICE_ALIASES_FILE)
                .ifPresent(file -> aliases.putAll(aliasFile(Path.of(file))));
        aliases.putAll(pairs(config, MappingOptions.DEVICE_ALIASES));
        deviceNames =
                new DeviceNames(
                        config.get(MappingOptions.DEVICE_LOWER_CASE),
                        list(config, MappingOptions.DEVICE_STRIP_DOMAINS),
                        aliases);

        Map<String, ChangeType> types = new HashMap<>();
        addChangeTypes(types, config, MappingOptions.CHANGE_PLANNED_TYPES, ChangeType.PLANNED);
        addChangeTypes(types, config, MappingOptions.CHANGE_EMERGENCY_TYPES, ChangeType.EMERGENCY);
        addChangeTypes(
                types, config, MappingOptions.CHANGE_UNAUTHORISED_TYPES, ChangeType.UNAUTHORISED);
        changeTypes = types;
        failedCloseCodes = lowerCaseSet(config, MappingOptions.CHANGE_FAILED_CLOSE_CODES);
        failedStates = lowerCaseSet(config, MappingOptions.CHANGE_FAILED_STATES);

        Map<String, Integer> priorities = new HashMap<>();
        pairs(config, MappingOptions.INCIDENT_PRIORITY_NAMES)
                .forEach(
                        (name, value) ->
                                priorities.put(
                                        name.toLowerCase(Locale.ROOT),
                                        priorityValue(
                                                MappingOptions.INCIDENT_PRIORITY_NAMES, value)));
        priorityNames = priorities;
        severityNames = severities(config, MappingOptions.SEVERITY_NAMES);
        splunkSeverityKeywords = severities(config, MappingOptions.SPLUNK_HEC_SEVERITY_KEYWORDS);
    }

    public static FieldMapping from(ReadableConfig config) {
        return new FieldMapping(config);
    }

    public static FieldMapping defaults() {
        return from(new Configuration());
    }

    /** The device id for a reported name; throws naming the field if there is none. */
    String device(String reported, String field) throws MalformedRecordException {
        String device = deviceNames.normalise(reported);
        if (device == null) {
            throw new MalformedRecordException("missing device: field '" + field + "' is empty");
        }
        return device;
    }

    /** The change type of a type value, or {@code null} if no list names it. */
    ChangeType changeType(String value) {
        return value == null ? null : changeTypes.get(value.trim().toLowerCase(Locale.ROOT));
    }

    /** The lists a change type value is looked up in, for error messages. */
    static String changeTypeOptions() {
        return MappingOptions.CHANGE_PLANNED_TYPES.key()
                + ", "
                + MappingOptions.CHANGE_EMERGENCY_TYPES.key()
                + " or "
                + MappingOptions.CHANGE_UNAUTHORISED_TYPES.key();
    }

    boolean isFailedCloseCode(String closeCode) {
        return closeCode != null
                && failedCloseCodes.contains(closeCode.trim().toLowerCase(Locale.ROOT));
    }

    boolean isFailedState(String state) {
        return state != null && failedStates.contains(state.trim().toLowerCase(Locale.ROOT));
    }

    /**
     * The canonical priority (1 to 5) of a priority value: its leading number ("2", "2 - High"),
     * else its entry in the priority names; {@code null} if neither gives one in range.
     */
    Integer priority(String value) {
        if (value == null) {
            return null;
        }
        String text = value.trim();
        int digits = 0;
        while (digits < text.length() && digits < 3 && Character.isDigit(text.charAt(digits))) {
            digits++;
        }
        Integer priority =
                digits > 0
                        ? Integer.valueOf(Integer.parseInt(text.substring(0, digits)))
                        : priorityNames.get(text.toLowerCase(Locale.ROOT));
        return priority != null && priority >= 1 && priority <= 5 ? priority : null;
    }

    /** The severity a word names, or {@code null} if mapping.severity-names lacks it. */
    Severity severity(String word) {
        return word == null ? null : severityNames.get(word.trim().toLowerCase(Locale.ROOT));
    }

    /** The severity of the first keyword among the words of a text, or {@code null}. */
    Severity severityKeyword(String text) {
        if (splunkSeverityKeywords.isEmpty() || text == null) {
            return null;
        }
        int length = text.length();
        int i = 0;
        while (i < length) {
            while (i < length && !Character.isLetter(text.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < length && Character.isLetter(text.charAt(i))) {
                i++;
            }
            if (i > start && i - start <= 16) {
                Severity severity =
                        splunkSeverityKeywords.get(
                                text.substring(start, i).toLowerCase(Locale.ROOT));
                if (severity != null) {
                    return severity;
                }
            }
        }
        return null;
    }

    DateTimeFormatter serviceNowTimeFormat() {
        return formatter(MappingOptions.SERVICENOW_TIME_FORMAT, serviceNowTimeFormat);
    }

    ZoneId serviceNowTimeZone() {
        return zone(MappingOptions.SERVICENOW_TIME_ZONE, serviceNowTimeZone);
    }

    String serviceNowTimePattern() {
        return serviceNowTimeFormat;
    }

    ZoneId panosTimeZone() {
        return zone(MappingOptions.PANOS_TIME_ZONE, panosTimeZone);
    }

    DateTimeFormatter solarWindsTimeFormat() {
        return formatter(MappingOptions.SOLARWINDS_TIME_FORMAT, solarWindsTimeFormat);
    }

    ZoneId solarWindsTimeZone() {
        return zone(MappingOptions.SOLARWINDS_TIME_ZONE, solarWindsTimeZone);
    }

    String solarWindsTimePattern() {
        return solarWindsTimeFormat;
    }

    private static String field(ReadableConfig config, ConfigOption<String> option) {
        String value = config.get(option).trim();
        if (value.isEmpty()) {
            throw new IllegalArgumentException(option.key() + " must name a field");
        }
        return value;
    }

    private static <E extends Enum<E>> E enumValue(
            ReadableConfig config, ConfigOption<String> option, Class<E> type) {
        String value = config.get(option).trim();
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    option.key()
                            + " must be one of "
                            + List.of(type.getEnumConstants())
                            + ", was "
                            + value);
        }
    }

    private static DateTimeFormatter formatter(ConfigOption<String> option, String pattern) {
        try {
            return DateTimeFormatter.ofPattern(pattern, Locale.ENGLISH);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    option.key() + " is not a java.time pattern: " + e.getMessage());
        }
    }

    private static ZoneId zone(ConfigOption<String> option, String zone) {
        try {
            return ZoneId.of(zone);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(option.key() + " is not a time zone: " + zone);
        }
    }

    private static List<String> list(ReadableConfig config, ConfigOption<String> option) {
        List<String> values = new ArrayList<>();
        for (String value : config.get(option).split(",")) {
            if (!value.isBlank()) {
                values.add(value.trim());
            }
        }
        return values;
    }

    private static Set<String> lowerCaseSet(ReadableConfig config, ConfigOption<String> option) {
        Set<String> values = new HashSet<>();
        for (String value : list(config, option)) {
            values.add(value.toLowerCase(Locale.ROOT));
        }
        return Collections.unmodifiableSet(values);
    }

    /** "a=b,c=d" as an ordered map; an entry without '=' is an error naming the option. */
    private static Map<String, String> pairs(ReadableConfig config, ConfigOption<String> option) {
        Map<String, String> pairs = new LinkedHashMap<>();
        for (String entry : list(config, option)) {
            int equals = entry.indexOf('=');
            if (equals <= 0 || equals == entry.length() - 1) {
                throw new IllegalArgumentException(
                        option.key() + " entries must be name=value, found '" + entry + "'");
            }
            pairs.put(entry.substring(0, equals).trim(), entry.substring(equals + 1).trim());
        }
        return pairs;
    }

    private static void addChangeTypes(
            Map<String, ChangeType> types,
            ReadableConfig config,
            ConfigOption<String> option,
            ChangeType type) {
        for (String value : list(config, option)) {
            ChangeType previous = types.put(value.toLowerCase(Locale.ROOT), type);
            if (previous != null && previous != type) {
                throw new IllegalArgumentException(
                        "Change type value '" + value + "' is both " + previous + " and " + type);
            }
        }
    }

    private static int priorityValue(ConfigOption<String> option, String value) {
        try {
            int priority = Integer.parseInt(value.trim());
            if (priority >= 1 && priority <= 5) {
                return priority;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(
                option.key() + ": priorities are 1 to 5, found '" + value + "'");
    }

    private static Map<String, Severity> severities(
            ReadableConfig config, ConfigOption<String> option) {
        Map<String, Severity> severities = new HashMap<>();
        pairs(config, option)
                .forEach(
                        (word, severity) ->
                                severities.put(
                                        word.toLowerCase(Locale.ROOT),
                                        severityValue(severity, option)));
        return severities;
    }

    private static Severity severityValue(String severity, ConfigOption<String> option) {
        try {
            return Severity.valueOf(severity.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    option.key()
                            + ": '"
                            + severity
                            + "' is not one of "
                            + List.of(Severity.values()));
        }
    }

    private static Map<String, String> aliasFile(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    MappingOptions.DEVICE_ALIASES_FILE.key() + ": cannot read " + file, e);
        }
        Map<String, String> aliases = new HashMap<>();
        for (String alias : properties.stringPropertyNames()) {
            aliases.put(alias, properties.getProperty(alias).trim());
        }
        return aliases;
    }
}
