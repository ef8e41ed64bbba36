package org.outagepredictor.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The native formats of the operations tools the predictor reads, each with its configuration name
 * (lower case with hyphens, e.g. {@code splunk-hec}) and its {@link RecordParser}. docs/inputs.md
 * describes each format and how it maps to events.
 */
public enum InputFormat {
    /** ServiceNow Table API JSON of incident and change_request records. */
    SERVICENOW("servicenow", ServiceNowParser::new),
    /** Puppet run reports, JSON (report formats 10 to 12) or YAML (older, with Ruby tags). */
    PUPPET("puppet", PuppetReportParser::new),
    /** Chef Infra data-collector messages: run_converge and action. */
    CHEF("chef", ChefDataCollectorParser::new),
    /** PAN-OS syslog CSV: TRAFFIC, THREAT, CONFIG and SYSTEM. */
    PANOS("panos", PanOsSyslogParser::new),
    /** Splunk HTTP Event Collector JSON, one or several events per body. */
    SPLUNK_HEC("splunk-hec", SplunkHecParser::new),
    /** SolarWinds Orion alert actions posting the template of docs/inputs.md. */
    SOLARWINDS("solarwinds", SolarWindsAlertParser::new),
    /** Prometheus Alertmanager webhook JSON, version 4. */
    ALERTMANAGER("alertmanager", AlertmanagerWebhookParser::new),
    /** This project's own JSON event schema, for anything else (docs/inputs.md). */
    GENERIC_JSON("generic-json", GenericJsonParser::new);

    private final String configName;
    private final Function<FieldMapping, RecordParser> parserFactory;

    InputFormat(String configName, Function<FieldMapping, RecordParser> parserFactory) {
        this.configName = configName;
        this.parserFactory = parserFactory;
    }

    /** The name used in configuration and in {@link RawRecord#format}. */
    public String configName() {
        return configName;
    }

    public RecordParser parser(FieldMapping mapping) {
        return parserFactory.apply(mapping);
    }

    /** The format of a configuration name, ignoring case; an unknown name lists the known ones. */
    public static InputFormat fromConfigName(String name) {
        String wanted = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        for (InputFormat format : values()) {
            if (format.configName.equals(wanted)) {
                return format;
            }
        }
        throw new IllegalArgumentException(
                "Unknown input format '" + name + "'; known formats: " + configNames());
    }

    public static List<String> configNames() {
        List<String> names = new ArrayList<>();
        for (InputFormat format : values()) {
            names.add(format.configName);
        }
        return names;
    }
}
