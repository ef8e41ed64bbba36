package org.outagepredictor.ingest;

import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * Options of the field mapping: how each organisation's records become canonical events. {@link
 * FieldMapping#from} reads them. Lists are comma-separated; tables are {@code name=value} pairs,
 * comma-separated; names are matched without regard to case.
 *
 * <ul>
 *   <li>Which field holds the device, per format: {@code mapping.servicenow.device-field}
 *       (cmdb_ci), {@code mapping.puppet.device-field} (host), {@code mapping.chef.device-field}
 *       (node_name), {@code mapping.panos.device-field} (device_name), {@code
 *       mapping.splunk-hec.device-field} (host), {@code mapping.solarwinds.device-field} (caption),
 *       {@code mapping.alertmanager.device-label} (instance), {@code
 *       mapping.generic-json.device-field} (device).
 *   <li>How device names are normalised: {@code mapping.device.lower-case} (true), {@code
 *       mapping.device.strip-domains}, {@code mapping.device.aliases}, {@code
 *       mapping.device.aliases-file}.
 *   <li>What changes are: {@code mapping.change.planned-types} (normal,standard), {@code
 *       mapping.change.emergency-types} (emergency,expedited), {@code
 *       mapping.change.unauthorised-types} (unauthorised,unauthorized), {@code
 *       mapping.change.failed-close-codes} (unsuccessful), {@code mapping.change.failed-states},
 *       {@code mapping.change.untracked-type} (UNAUTHORISED), {@code
 *       mapping.puppet.corrective-as-unauthorised} (true).
 *   <li>What incident priorities are: {@code mapping.incident.priority-names}; which of them are
 *       outages is a label option ({@code labels.outage-priorities}).
 *   <li>Severity words: {@code mapping.severity-names}, {@code mapping.splunk-hec.severity-field}
 *       (fields.severity), {@code mapping.splunk-hec.severity-keywords}.
 *   <li>Time formats: {@code mapping.servicenow.time-format} (yyyy-MM-dd HH:mm:ss) and {@code
 *       mapping.servicenow.time-zone} (UTC), {@code mapping.panos.time-zone} (UTC), {@code
 *       mapping.solarwinds.time-format} and {@code mapping.solarwinds.time-zone} (UTC).
 * </ul>
 */
public final class MappingOptions {

    public static final ConfigOption<String> SERVICENOW_DEVICE_FIELD =
            ConfigOptions.key("mapping.servicenow.device-field")
                    .stringType()
                    .defaultValue("cmdb_ci")
                    .withDescription(
                            "ServiceNow field naming the device, e.g. cmdb_ci (the configuration"
                                    + " item), location or a custom u_ field. Reference fields"
                                    + " give their display value when the record has one, else"
                                    + " their sys_id (map sys_ids with mapping.device.aliases).");

    public static final ConfigOption<String> SERVICENOW_TIME_FORMAT =
            ConfigOptions.key("mapping.servicenow.time-format")
                    .stringType()
                    .defaultValue("yyyy-MM-dd HH:mm:ss")
                    .withDescription(
                            "java.time pattern of ServiceNow date-time fields (the Table API's"
                                    + " stored form; display values follow the API user's"
                                    + " format).");

    public static final ConfigOption<String> SERVICENOW_TIME_ZONE =
            ConfigOptions.key("mapping.servicenow.time-zone")
                    .stringType()
                    .defaultValue("UTC")
                    .withDescription(
                            "Time zone of ServiceNow date-time fields: UTC for stored values,"
                                    + " the API user's zone for display values.");

    public static final ConfigOption<String> PUPPET_DEVICE_FIELD =
            ConfigOptions.key("mapping.puppet.device-field")
                    .stringType()
                    .defaultValue("host")
                    .withDescription("Puppet report field naming the device (certname: host).");

    public static final ConfigOption<Boolean> PUPPET_CORRECTIVE_AS_UNAUTHORISED =
            ConfigOptions.key("mapping.puppet.corrective-as-unauthorised")
                    .booleanType()
                    .defaultValue(true)
                    .withDescription(
                            "A Puppet run that corrected drift (corrective_change) becomes an"
                                    + " UNAUTHORISED change rather than a CONFIG_RUN: someone"
                                    + " changed the machine outside Puppet.");

    public static final ConfigOption<String> CHEF_DEVICE_FIELD =
            ConfigOptions.key("mapping.chef.device-field")
                    .stringType()
                    .defaultValue("node_name")
                    .withDescription(
                            "Field of a Chef run_converge message naming the device: node_name,"
                                    + " or a dotted path such as node.automatic.fqdn.");

    public static final ConfigOption<String> PANOS_DEVICE_FIELD =
            ConfigOptions.key("mapping.panos.device-field")
                    .stringType()
                    .defaultValue("device_name")
                    .withDescription(
                            "PAN-OS syslog field naming the firewall: device_name (its host name)"
                                    + " or serial.");

    public static final ConfigOption<String> PANOS_TIME_ZONE =
            ConfigOptions.key("mapping.panos.time-zone")
                    .stringType()
                    .defaultValue("UTC")
                    .withDescription(
                            "Time zone of the firewall's clock: PAN-OS writes Generated Time"
                                    + " without a zone.");

    public static final ConfigOption<String> SPLUNK_HEC_DEVICE_FIELD =
            ConfigOptions.key("mapping.splunk-hec.device-field")
                    .stringType()
                    .defaultValue("host")
                    .withDescription(
                            "Splunk HEC event field naming the device: host, or a dotted path"
                                    + " such as fields.ci or event.hostname.");

    public static final ConfigOption<String> SPLUNK_HEC_SEVERITY_FIELD =
            ConfigOptions.key("mapping.splunk-hec.severity-field")
                    .stringType()
                    .defaultValue("fields.severity")
                    .withDescription(
                            "Splunk HEC field holding a severity word (see"
                                    + " mapping.severity-names); when absent the event text is"
                                    + " scanned for mapping.splunk-hec.severity-keywords.");

    public static final ConfigOption<String> SPLUNK_HEC_SEVERITY_KEYWORDS =
            ConfigOptions.key("mapping.splunk-hec.severity-keywords")
                    .stringType()
                    .defaultValue(
                            "FATAL=CRITICAL,CRITICAL=CRITICAL,EMERG=CRITICAL,SEVERE=ERROR,"
                                    + "ERROR=ERROR,FAILURE=ERROR,WARNING=WARNING,WARN=WARNING,"
                                    + "INFO=INFO")
                    .withDescription(
                            "Words that give a Splunk HEC event without a severity field its"
                                    + " severity: the first whole word of the event text found"
                                    + " here wins; none found means INFO. Empty: no scan.");

    public static final ConfigOption<String> SOLARWINDS_DEVICE_FIELD =
            ConfigOptions.key("mapping.solarwinds.device-field")
                    .stringType()
                    .defaultValue("caption")
                    .withDescription(
                            "Field of the SolarWinds alert (docs/inputs.md has the template)"
                                    + " naming the device.");

    public static final ConfigOption<String> SOLARWINDS_TIME_FORMAT =
            ConfigOptions.key("mapping.solarwinds.time-format")
                    .stringType()
                    .defaultValue("EEEE, MMMM d, yyyy h:mm:ss a")
                    .withDescription(
                            "java.time pattern (English names) of the alert's time, which Orion"
                                    + " writes in the server's Windows long date and long time"
                                    + " format.");

    public static final ConfigOption<String> SOLARWINDS_TIME_ZONE =
            ConfigOptions.key("mapping.solarwinds.time-zone")
                    .stringType()
                    .defaultValue("UTC")
                    .withDescription("Time zone of the Orion server's clock.");

    public static final ConfigOption<String> ALERTMANAGER_DEVICE_LABEL =
            ConfigOptions.key("mapping.alertmanager.device-label")
                    .stringType()
                    .defaultValue("instance")
                    .withDescription(
                            "Alertmanager alert label naming the device; a :port suffix is"
                                    + " dropped.");

    public static final ConfigOption<String> GENERIC_JSON_DEVICE_FIELD =
            ConfigOptions.key("mapping.generic-json.device-field")
                    .stringType()
                    .defaultValue("device")
                    .withDescription("Field of a generic JSON event naming the device.");

    public static final ConfigOption<Boolean> DEVICE_LOWER_CASE =
            ConfigOptions.key("mapping.device.lower-case")
                    .booleanType()
                    .defaultValue(true)
                    .withDescription(
                            "Lower-case device names, so that WEB01 and web01 are one device.");

    public static final ConfigOption<String> DEVICE_STRIP_DOMAINS =
            ConfigOptions.key("mapping.device.strip-domains")
                    .stringType()
                    .defaultValue("")
                    .withDescription(
                            "Domain suffixes dropped from device names, e.g."
                                    + " .corp.example.com,.example.com (the longest that"
                                    + " matches is dropped), so that a host name and its FQDN"
                                    + " are one device.");

    public static final ConfigOption<String> DEVICE_ALIASES =
            ConfigOptions.key("mapping.device.aliases")
                    .stringType()
                    .defaultValue("")
                    .withDescription(
                            "Device aliases as alias=device pairs, e.g."
                                    + " 'PAYMENTS-DB=db-pay-01,10.1.2.3=fw-edge-1': a CI name,"
                                    + " serial, sys_id or address to the device's one name."
                                    + " Aliases are matched after lower-casing and domain"
                                    + " stripping.");

    public static final ConfigOption<String> DEVICE_ALIASES_FILE =
            ConfigOptions.key("mapping.device.aliases-file")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "A properties file of more aliases (alias=device per line), read"
                                    + " once when the job is built; mapping.device.aliases wins"
                                    + " over it.");

    public static final ConfigOption<String> CHANGE_PLANNED_TYPES =
            ConfigOptions.key("mapping.change.planned-types")
                    .stringType()
                    .defaultValue("normal,standard")
                    .withDescription("Change type values that mean a PLANNED change.");

    public static final ConfigOption<String> CHANGE_EMERGENCY_TYPES =
            ConfigOptions.key("mapping.change.emergency-types")
                    .stringType()
                    .defaultValue("emergency,expedited")
                    .withDescription("Change type values that mean an EMERGENCY change.");

    public static final ConfigOption<String> CHANGE_UNAUTHORISED_TYPES =
            ConfigOptions.key("mapping.change.unauthorised-types")
                    .stringType()
                    .defaultValue("unauthorised,unauthorized")
                    .withDescription(
                            "Change type values that mean an UNAUTHORISED change. A change type"
                                    + " in none of the three lists sends its record to the dead"
                                    + " letters, naming the value, rather than guessing.");

    public static final ConfigOption<String> CHANGE_FAILED_CLOSE_CODES =
            ConfigOptions.key("mapping.change.failed-close-codes")
                    .stringType()
                    .defaultValue("unsuccessful")
                    .withDescription(
                            "ServiceNow change close_code values (stored or display) that mean"
                                    + " the change failed.");

    public static final ConfigOption<String> CHANGE_FAILED_STATES =
            ConfigOptions.key("mapping.change.failed-states")
                    .stringType()
                    .defaultValue("")
                    .withDescription(
                            "ServiceNow change state values that mean the change failed, for"
                                    + " organisations that record failure in a custom state.");

    public static final ConfigOption<String> CHANGE_UNTRACKED_TYPE =
            ConfigOptions.key("mapping.change.untracked-type")
                    .stringType()
                    .defaultValue("UNAUTHORISED")
                    .withDescription(
                            "Change type of changes that carry no change-management type: a"
                                    + " PAN-OS configuration change, a Chef node edit. PLANNED"
                                    + " if such changes always follow an approved change made"
                                    + " elsewhere.");

    public static final ConfigOption<String> INCIDENT_PRIORITY_NAMES =
            ConfigOptions.key("mapping.incident.priority-names")
                    .stringType()
                    .defaultValue("critical=1,high=2,moderate=3,low=4,planning=5")
                    .withDescription(
                            "Incident priority words to the canonical 1 (critical) to 5"
                                    + " (planning). A value that starts with a number (1, '2 -"
                                    + " High') is that number; other words, e.g. sev1=1 or"
                                    + " p1=1, go here.");

    public static final ConfigOption<String> SEVERITY_NAMES =
            ConfigOptions.key("mapping.severity-names")
                    .stringType()
                    .defaultValue(
                            "critical=CRITICAL,fatal=CRITICAL,emergency=CRITICAL,page=CRITICAL,"
                                    + "serious=ERROR,error=ERROR,high=ERROR,major=ERROR,"
                                    + "warning=WARNING,warn=WARNING,medium=WARNING,minor=WARNING,"
                                    + "info=INFO,informational=INFO,notice=INFO,low=INFO,"
                                    + "none=INFO")
                    .withDescription(
                            "Severity words of alert and log fields (Alertmanager's severity"
                                    + " label, SolarWinds' Severity, a Splunk or generic JSON"
                                    + " severity field) to INFO, WARNING, ERROR or CRITICAL.");

    private MappingOptions() {}

    public static List<ConfigOption<?>> options() {
        return List.of(
                SERVICENOW_DEVICE_FIELD,
                SERVICENOW_TIME_FORMAT,
                SERVICENOW_TIME_ZONE,
                PUPPET_DEVICE_FIELD,
                PUPPET_CORRECTIVE_AS_UNAUTHORISED,
                CHEF_DEVICE_FIELD,
                PANOS_DEVICE_FIELD,
                PANOS_TIME_ZONE,
                SPLUNK_HEC_DEVICE_FIELD,
                SPLUNK_HEC_SEVERITY_FIELD,
                SPLUNK_HEC_SEVERITY_KEYWORDS,
                SOLARWINDS_DEVICE_FIELD,
                SOLARWINDS_TIME_FORMAT,
                SOLARWINDS_TIME_ZONE,
                ALERTMANAGER_DEVICE_LABEL,
                GENERIC_JSON_DEVICE_FIELD,
                DEVICE_LOWER_CASE,
                DEVICE_STRIP_DOMAINS,
                DEVICE_ALIASES,
                DEVICE_ALIASES_FILE,
                CHANGE_PLANNED_TYPES,
                CHANGE_EMERGENCY_TYPES,
                CHANGE_UNAUTHORISED_TYPES,
                CHANGE_FAILED_CLOSE_CODES,
                CHANGE_FAILED_STATES,
                CHANGE_UNTRACKED_TYPE,
                INCIDENT_PRIORITY_NAMES,
                SEVERITY_NAMES);
    }
}
