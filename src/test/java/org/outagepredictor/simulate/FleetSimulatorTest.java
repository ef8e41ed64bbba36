package org.outagepredictor.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.outagepredictor.event.ChangeType;
import org.outagepredictor.event.EventKind;
import org.outagepredictor.event.OpsEvent;
import org.outagepredictor.event.Severity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Determinism, partitioning, ordering, the shape of events and the configured rates. */
class FleetSimulatorTest {

    private static final Logger LOG = LoggerFactory.getLogger(FleetSimulatorTest.class);

    private static final long HOUR = Duration.ofHours(1).toMillis();
    private static final long DAY = Duration.ofDays(1).toMillis();
    private static final long WEEK = Duration.ofDays(7).toMillis();

    @Test
    void sameSeedGivesTheSameEventsAndAnotherSeedDifferentOnes() {
        List<OpsEvent> first = new FleetSimulator(SimulatorOptions.defaults()).take(200_000);
        List<OpsEvent> again = new FleetSimulator(SimulatorOptions.defaults()).take(200_000);
        Configuration otherSeed = new Configuration();
        otherSeed.set(SimulatorOptions.SEED, 2L);
        List<OpsEvent> other = new FleetSimulator(SimulatorOptions.from(otherSeed)).take(200_000);

        assertThat(again).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
        // Not just a shifted copy: the seed changes which events happen, not only their order.
        assertThat(new HashSet<>(other.subList(0, 1000)))
                .doesNotContainAnyElementsOf(first.subList(0, 1000));
    }

    @Test
    void aDevicesHistoryIsTheSameWhateverThePartitioning() {
        SimulatorOptions options = options(config -> config.set(SimulatorOptions.DEVICES, 40));
        long end = start(options) + 2 * DAY;

        Map<String, List<OpsEvent>> whole = byDevice(List.of(new FleetSimulator(options)), end);
        Map<String, List<OpsEvent>> inThree =
                byDevice(
                        List.of(
                                new FleetSimulator(options, 0, 3),
                                new FleetSimulator(options, 1, 3),
                                new FleetSimulator(options, 2, 3)),
                        end);

        assertThat(whole).hasSize(40);
        assertThat(inThree).isEqualTo(whole);
        assertThat(whole.values())
                .as("two days are long enough for every device to change something")
                .allSatisfy(
                        history ->
                                assertThat(history)
                                        .anyMatch(event -> event.kind == EventKind.CHANGE));
    }

    @Test
    void aPartitionSimulatesOnlyItsOwnDevices() {
        SimulatorOptions options = options(config -> config.set(SimulatorOptions.DEVICES, 10));
        FleetSimulator partition = new FleetSimulator(options, 1, 3);

        assertThat(partition.deviceCount()).isEqualTo(3);
        assertThat(partition.take(20_000))
                .extracting(event -> deviceIndex(event.deviceId))
                .containsOnly(1, 4, 7);
    }

    @Test
    void eventTimeNeverGoesBackwards() {
        // Busy devices and frequent trouble, so that every stream takes part.
        SimulatorOptions options =
                options(
                        config -> {
                            config.set(SimulatorOptions.DEVICES, 200);
                            config.set(SimulatorOptions.CHANGE_RATE, 24.0);
                            config.set(SimulatorOptions.DRIFT_INCIDENT_RATE, 2.0);
                            config.set(SimulatorOptions.RANDOM_INCIDENT_RATE, 2.0);
                        });
        List<OpsEvent> events = new FleetSimulator(options).take(500_000);

        assertThat(events.get(0).eventTime).isGreaterThanOrEqualTo(start(options));
        assertThat(events).extracting(event -> event.eventTime).isSorted();
        assertThat(events)
                .extracting(event -> event.kind)
                .contains(
                        EventKind.ALERT,
                        EventKind.LOG,
                        EventKind.METRIC,
                        EventKind.CHANGE,
                        EventKind.INCIDENT);
    }

    @Test
    void eventsCarryTheFieldsOfTheirKind() {
        SimulatorOptions options =
                options(config -> config.set(SimulatorOptions.CHANGE_RATE, 48.0));
        List<OpsEvent> events = new FleetSimulator(options).take(300_000);

        assertThat(events)
                .allSatisfy(
                        event -> {
                            DeviceClass deviceClass = DeviceClass.fromLabel(event.deviceClass);
                            assertThat(event.deviceId).matches(deviceClass.idPrefix() + "-\\d{6}");
                            assertThat(event.source).isNotBlank();
                            assertThat(event.summary == null)
                                    .isEqualTo(event.kind == EventKind.METRIC);
                        });
        assertThat(events)
                .extracting(event -> event.deviceClass)
                .containsAll(
                        List.of(
                                "firewall",
                                "router",
                                "switch",
                                "server",
                                "database",
                                "load-balancer"));
        assertThat(ofKind(events, EventKind.METRIC))
                .allSatisfy(event -> assertThat(event.metricName).isNotNull())
                .extracting(event -> event.metricName)
                .contains("temperature", "cpu", "disk_used", "latency_ms", "sessions");
        assertThat(ofKind(events, EventKind.ALERT))
                .allSatisfy(event -> assertThat(event.severity).isNotNull());
        List<OpsEvent> changes = ofKind(events, EventKind.CHANGE);
        assertThat(changes)
                .allSatisfy(
                        change -> {
                            assertThat(change.changeType).isNotNull();
                            switch (change.changeType) {
                                case PLANNED:
                                case EMERGENCY:
                                    assertThat(change.source).isEqualTo("servicenow");
                                    assertThat(change.reference).matches("CHG\\d{7,}");
                                    break;
                                case UNAUTHORISED:
                                    assertThat(change.source).isEqualTo("simulator");
                                    break;
                                case CONFIG_RUN:
                                    assertThat(change.source).isIn("puppet", "chef");
                                    assertThat(change.reference)
                                            .startsWith(change.source + "-run-");
                                    break;
                                default:
                                    throw new AssertionError(change);
                            }
                        });
        assertThat(changes).extracting(change -> change.reference).doesNotHaveDuplicates();
        assertThat(ofKind(events, EventKind.INCIDENT))
                .isNotEmpty()
                .allSatisfy(
                        incident -> {
                            assertThat(incident.source).isEqualTo("servicenow");
                            assertThat(incident.reference).matches("INC\\d{7,}");
                            assertThat(incident.priority).isIn(1, 2);
                        });
    }

    @Test
    void backgroundMetricAndChangeRatesAreAsConfiguredOverAWeek() {
        SimulatorOptions options =
                options(
                        config -> {
                            config.set(SimulatorOptions.DEVICES, 60);
                            config.set(
                                    SimulatorOptions.EVENT_RATES,
                                    "firewall=900,router=120,switch=60,server=12,database=30,"
                                            + "load-balancer=240");
                            config.set(SimulatorOptions.ERROR_FRACTION, 0.05);
                            config.set(SimulatorOptions.METRIC_INTERVAL, Duration.ofMinutes(5));
                            config.set(SimulatorOptions.CHANGE_RATE, 4.0);
                            config.set(
                                    SimulatorOptions.CHANGE_TYPE_MIX,
                                    "planned=0.4,emergency=0.1,unauthorised=0.1,config-run=0.4");
                            config.set(SimulatorOptions.CONFIG_RUN_FAILURE_FRACTION, 0.25);
                            // Trouble would add events; this test is about the healthy rates.
                            config.set(SimulatorOptions.BAD_CHANGE_FRACTION, 0.0);
                            config.set(SimulatorOptions.DRIFT_INCIDENT_RATE, 0.0);
                            config.set(SimulatorOptions.RANDOM_INCIDENT_RATE, 0.0);
                        });
        List<OpsEvent> week = until(new FleetSimulator(options), start(options) + WEEK);

        Map<DeviceClass, Set<String>> devicesByClass = new EnumMap<>(DeviceClass.class);
        for (OpsEvent event : week) {
            devicesByClass
                    .computeIfAbsent(DeviceClass.fromLabel(event.deviceClass), c -> new HashSet<>())
                    .add(event.deviceId);
        }
        assertThat(devicesByClass.values().stream().mapToInt(Set::size).sum()).isEqualTo(60);

        List<OpsEvent> background = new ArrayList<>(ofKind(week, EventKind.ALERT));
        background.addAll(ofKind(week, EventKind.LOG));
        for (Map.Entry<DeviceClass, Set<String>> entry : devicesByClass.entrySet()) {
            String label = entry.getKey().label();
            long count = background.stream().filter(e -> e.deviceClass.equals(label)).count();
            double perHour = count / (entry.getValue().size() * 168.0);
            assertThat(perHour)
                    .as("background events per %s-hour", label)
                    .isCloseTo(
                            options.eventRatesPerHour.get(entry.getKey()),
                            within(0.15 * options.eventRatesPerHour.get(entry.getKey())));
        }
        assertThat(share(background, e -> e.severity == Severity.ERROR))
                .isCloseTo(0.05, within(0.01));
        assertThat(share(background, e -> e.severity == Severity.WARNING))
                .isCloseTo(0.95 * 0.3, within(0.03));
        assertThat(background).noneMatch(e -> e.severity == Severity.CRITICAL);
        assertThat(share(background, e -> e.kind == EventKind.ALERT)).isCloseTo(0.25, within(0.03));

        // One sample of each metric every 5 minutes: 2,016 a week, give or take the phase.
        Map<String, Long> samples = new HashMap<>();
        ofKind(week, EventKind.METRIC)
                .forEach(e -> samples.merge(e.deviceId + "/" + e.metricName, 1L, Long::sum));
        assertThat(samples.values()).allSatisfy(count -> assertThat(count).isBetween(2015L, 2016L));
        long metricsPerSample =
                devicesByClass.getOrDefault(DeviceClass.SWITCH, Set.of()).size() * 2L
                        + (60 - devicesByClass.getOrDefault(DeviceClass.SWITCH, Set.of()).size())
                                * 3L;
        assertThat(samples).hasSize((int) metricsPerSample);

        List<OpsEvent> changes = ofKind(week, EventKind.CHANGE);
        assertThat(changes.size() / (60 * 7.0)).isCloseTo(4.0, within(0.4));
        assertThat(share(changes, c -> c.changeType == ChangeType.PLANNED))
                .isCloseTo(0.4, within(0.05));
        assertThat(share(changes, c -> c.changeType == ChangeType.EMERGENCY))
                .isCloseTo(0.1, within(0.03));
        List<OpsEvent> configRuns =
                changes.stream().filter(c -> c.changeType == ChangeType.CONFIG_RUN).toList();
        assertThat(share(configRuns, c -> c.failed)).isCloseTo(0.25, within(0.05));
        assertThat(changes).noneMatch(FleetSimulator::isBadChange);
        assertThat(ofKind(week, EventKind.INCIDENT)).isEmpty();
    }

    @Test
    void incidentsWithoutChangeComeAtTheConfiguredRates() {
        SimulatorOptions options =
                options(
                        config -> {
                            config.set(SimulatorOptions.DEVICES, 300);
                            config.set(
                                    SimulatorOptions.EVENT_RATES,
                                    "firewall=1,router=1,switch=1,server=1,database=1,"
                                            + "load-balancer=1");
                            config.set(SimulatorOptions.METRIC_INTERVAL, Duration.ofMinutes(30));
                            config.set(SimulatorOptions.CHANGE_RATE, 0.0);
                            config.set(SimulatorOptions.DRIFT_INCIDENT_RATE, 0.1);
                            config.set(SimulatorOptions.DRIFT_DURATION_MIN, Duration.ofHours(1));
                            config.set(SimulatorOptions.DRIFT_DURATION_MAX, Duration.ofHours(2));
                            config.set(SimulatorOptions.RANDOM_INCIDENT_RATE, 0.1);
                            config.set(SimulatorOptions.INCIDENT_P3_FRACTION, 0.2);
                        });
        List<OpsEvent> incidents =
                ofKind(
                        until(new FleetSimulator(options), start(options) + WEEK),
                        EventKind.INCIDENT);

        // 300 devices x 7 days x 0.1 = 210 of each, a few less for overlaps.
        assertThat(incidents.stream().filter(i -> causeOf(i) == IncidentCause.SLOW_DRIFT).count())
                .isBetween(160L, 250L);
        assertThat(incidents.stream().filter(i -> causeOf(i) == IncidentCause.RANDOM).count())
                .isBetween(160L, 250L);
        assertThat(incidents).noneMatch(i -> causeOf(i) == IncidentCause.BAD_CHANGE);
        assertThat(share(incidents, i -> i.priority == 3)).isCloseTo(0.2, within(0.06));
        assertThat(share(incidents, i -> i.priority == 1)).isCloseTo(0.8 * 0.3, within(0.06));
    }

    @Test
    void aMillionDevicesStartQuicklyAndStreamFast() {
        SimulatorOptions options =
                options(config -> config.set(SimulatorOptions.DEVICES, 1_000_000));
        long started = System.nanoTime();
        FleetSimulator simulator = new FleetSimulator(options);
        long built = System.nanoTime();
        OpsEvent last = null;
        int events = 3_000_000;
        for (int i = 0; i < events; i++) {
            last = simulator.next();
        }
        long done = System.nanoTime();

        assertThat(simulator.deviceCount()).isEqualTo(1_000_000);
        assertThat(last.eventTime).isGreaterThan(start(options));
        // Timing is only reported: this machine is shared, so asserting it would be flaky.
        LOG.info(
                "1,000,000 devices built in {} ms; {} events at {} events/s on one thread",
                (built - started) / 1_000_000,
                events,
                (long) (events / ((done - built) / 1e9)));
    }

    @Test
    void rejectsPartitionsItCannotServe() {
        SimulatorOptions options = options(config -> config.set(SimulatorOptions.DEVICES, 2));

        assertThatThrownBy(() -> new FleetSimulator(options, 0, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("simulator.devices (2)")
                .hasMessageContaining("(3)");
        assertThatThrownBy(() -> new FleetSimulator(options, 2, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("partition must be in [0, 2), got 2");
        assertThatThrownBy(() -> new FleetSimulator(options, 0, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("partitions must be at least 1");
    }

    @Test
    void groundTruthHelpersRejectEventsTheyCannotJudge() {
        OpsEvent log = OpsEvent.of(EventKind.LOG, "fw-000001", 0);
        OpsEvent foreignIncident = OpsEvent.of(EventKind.INCIDENT, "fw-000001", 0);
        foreignIncident.summary = "Firewall down";

        assertThatThrownBy(() -> FleetSimulator.causeOf(log))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not an INCIDENT");
        assertThatThrownBy(() -> FleetSimulator.causeOf(foreignIncident))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not an incident written by the simulator");
        assertThat(FleetSimulator.isBadChange(log)).isFalse();
    }

    static SimulatorOptions options(java.util.function.Consumer<Configuration> settings) {
        Configuration config = new Configuration();
        settings.accept(config);
        return SimulatorOptions.from(config);
    }

    static long start(SimulatorOptions options) {
        return options.startTime.toEpochMilli();
    }

    static int deviceIndex(String deviceId) {
        return Integer.parseInt(deviceId.substring(deviceId.indexOf('-') + 1));
    }

    /** All events before {@code end}. */
    static List<OpsEvent> until(FleetSimulator simulator, long end) {
        List<OpsEvent> events = new ArrayList<>();
        for (OpsEvent event = simulator.next(); event.eventTime < end; event = simulator.next()) {
            events.add(event);
        }
        return events;
    }

    private static Map<String, List<OpsEvent>> byDevice(List<FleetSimulator> simulators, long end) {
        Map<String, List<OpsEvent>> histories = new HashMap<>();
        for (FleetSimulator simulator : simulators) {
            for (OpsEvent event : until(simulator, end)) {
                histories.computeIfAbsent(event.deviceId, id -> new ArrayList<>()).add(event);
            }
        }
        return histories;
    }

    private static List<OpsEvent> ofKind(List<OpsEvent> events, EventKind kind) {
        return events.stream().filter(event -> event.kind == kind).toList();
    }

    private static double share(List<OpsEvent> events, Predicate<OpsEvent> test) {
        return events.stream().filter(test).count() / (double) events.size();
    }

    private static IncidentCause causeOf(OpsEvent incident) {
        return FleetSimulator.causeOf(incident);
    }
}
