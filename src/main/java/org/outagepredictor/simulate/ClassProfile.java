package org.outagepredictor.simulate;

import java.util.EnumMap;
import java.util.Map;
import org.outagepredictor.event.Severity;

/**
 * What a device of one class looks like: its metrics, which of them drifts before a failure, where
 * its logs come from, and the texts of its events. The texts are shared constants, so a chatty
 * firewall allocates no strings per event beyond its {@code OpsEvent}.
 */
final class ClassProfile {

    private static final Map<DeviceClass, ClassProfile> PROFILES = new EnumMap<>(DeviceClass.class);

    static {
        PROFILES.put(
                DeviceClass.FIREWALL,
                new ClassProfile(
                        new DeviceMetric[] {
                            DeviceMetric.CPU, DeviceMetric.SESSIONS, DeviceMetric.TEMPERATURE
                        },
                        DeviceMetric.TEMPERATURE,
                        "panos",
                        new String[][] {
                            {"TRAFFIC end: session closed", "SYSTEM: admin login succeeded"},
                            {"THREAT: exploit attempt reset", "SYSTEM: session table above 80%"},
                            {"SYSTEM: HA path monitor failed", "SYSTEM: packet buffer congestion"},
                            {"SYSTEM: dataplane restarted", "SYSTEM: HA failover"}
                        },
                        new String[] {
                            "Update security policy rules", "Add NAT rule", "Update PAN-OS content"
                        },
                        "traffic through the firewall blocked"));
        PROFILES.put(
                DeviceClass.ROUTER,
                new ClassProfile(
                        new DeviceMetric[] {
                            DeviceMetric.CPU, DeviceMetric.LATENCY_MS, DeviceMetric.TEMPERATURE
                        },
                        DeviceMetric.TEMPERATURE,
                        "splunk",
                        new String[][] {
                            {"BGP keepalive received", "Interface counters polled"},
                            {"BGP neighbour flapped", "Interface input errors rising"},
                            {"BGP session down", "OSPF adjacency lost"},
                            {"Next hop unreachable", "Line card reset"}
                        },
                        new String[] {
                            "Change BGP route map", "Update interface ACL", "Upgrade router OS"
                        },
                        "site unreachable"));
        PROFILES.put(
                DeviceClass.SWITCH,
                new ClassProfile(
                        new DeviceMetric[] {DeviceMetric.CPU, DeviceMetric.TEMPERATURE},
                        DeviceMetric.TEMPERATURE,
                        "splunk",
                        new String[][] {
                            {"Port up", "LLDP neighbour seen"},
                            {"Spanning tree topology change", "Port CRC errors"},
                            {"Port err-disabled", "MAC address table full"},
                            {"Spanning tree loop detected", "Stack member lost"}
                        },
                        new String[] {
                            "Change VLAN assignment", "Update port channel", "Upgrade firmware"
                        },
                        "access ports down"));
        PROFILES.put(
                DeviceClass.SERVER,
                new ClassProfile(
                        new DeviceMetric[] {
                            DeviceMetric.CPU, DeviceMetric.DISK_USED, DeviceMetric.LATENCY_MS
                        },
                        DeviceMetric.DISK_USED,
                        "splunk",
                        new String[][] {
                            {"Health check passed", "Scheduled job completed"},
                            {"Slow response from dependency", "Swap usage high"},
                            {"Service returned HTTP 500", "Out-of-memory killer invoked"},
                            {"Service crashed", "Filesystem remounted read-only"}
                        },
                        new String[] {
                            "Deploy application release", "Apply OS patches", "Change JVM settings"
                        },
                        "application unavailable"));
        PROFILES.put(
                DeviceClass.DATABASE,
                new ClassProfile(
                        new DeviceMetric[] {
                            DeviceMetric.CPU, DeviceMetric.DISK_USED, DeviceMetric.LATENCY_MS
                        },
                        DeviceMetric.DISK_USED,
                        "splunk",
                        new String[][] {
                            {"Checkpoint completed", "Backup completed"},
                            {"Slow query logged", "Replication lag rising"},
                            {"Deadlock detected", "Connection pool exhausted"},
                            {"Replica lost", "Database restarted after crash"}
                        },
                        new String[] {
                            "Apply schema migration", "Resize buffer pool", "Upgrade database"
                        },
                        "database unreachable"));
        PROFILES.put(
                DeviceClass.LOAD_BALANCER,
                new ClassProfile(
                        new DeviceMetric[] {
                            DeviceMetric.CPU, DeviceMetric.SESSIONS, DeviceMetric.TEMPERATURE
                        },
                        DeviceMetric.TEMPERATURE,
                        "splunk",
                        new String[][] {
                            {"Pool member health check passed", "Certificate check passed"},
                            {"Pool member slow", "Connection queue growing"},
                            {"Pool member marked down", "TLS handshake failures"},
                            {"All pool members down", "Virtual server disabled"}
                        },
                        new String[] {"Change pool members", "Update TLS profile", "Upgrade LB OS"},
                        "virtual server not responding"));
    }

    /** Sampled at every metric interval, in this order. */
    final DeviceMetric[] metrics;

    /** The metric that climbs before a slow-drift incident; one of {@link #metrics}. */
    final DeviceMetric driftMetric;

    /** Source of LOG events (ALERT events come from SolarWinds for every class). */
    final String logSource;

    /** Event texts, indexed by {@link Severity#ordinal()}, a few per severity. */
    private final String[][] textsBySeverity;

    final String[] changeTexts;
    final String outageSymptom;

    private ClassProfile(
            DeviceMetric[] metrics,
            DeviceMetric driftMetric,
            String logSource,
            String[][] textsBySeverity,
            String[] changeTexts,
            String outageSymptom) {
        this.metrics = metrics;
        this.driftMetric = driftMetric;
        this.logSource = logSource;
        this.textsBySeverity = textsBySeverity;
        this.changeTexts = changeTexts;
        this.outageSymptom = outageSymptom;
    }

    static ClassProfile of(DeviceClass deviceClass) {
        return PROFILES.get(deviceClass);
    }

    /** A text for an event of this severity; {@code pick} in [0, 1) chooses among them. */
    String text(Severity severity, double pick) {
        String[] texts = textsBySeverity[severity.ordinal()];
        return texts[(int) (pick * texts.length)];
    }
}
