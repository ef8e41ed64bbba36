package org.outagepredictor.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.outagepredictor.event.ChangeType;
import org.outagepredictor.event.EventKind;
import org.outagepredictor.event.OpsEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The project's premise holds in the simulated world: over a month of a few hundred devices at
 * default settings (with background rates turned down to keep the test fast), most incidents follow
 * a bad change by 20 minutes to 3 hours, and the device shouts errors in between.
 */
class PremiseTest {

    private static final Logger LOG = LoggerFactory.getLogger(PremiseTest.class);

    private static final long HOUR = Duration.ofHours(1).toMillis();
    private static final int DEVICES = 300;
    private static final int DAYS = 30;

    private static SimulatorOptions options;
    private static final List<OpsEvent> changes = new ArrayList<>();
    private static final List<OpsEvent> incidents = new ArrayList<>();
    private static final List<OpsEvent> thresholdAlerts = new ArrayList<>();
    private static final Map<String, List<Long>> errorTimesByDevice = new HashMap<>();

    @BeforeAll
    static void simulateAMonth() {
        options =
                FleetSimulatorTest.options(
                        config -> {
                            config.set(SimulatorOptions.DEVICES, DEVICES);
                            config.set(
                                    SimulatorOptions.EVENT_RATES,
                                    "firewall=120,router=30,switch=20,server=10,database=15,"
                                            + "load-balancer=40");
                            config.set(SimulatorOptions.METRIC_INTERVAL, Duration.ofMinutes(15));
                        });
        long end = FleetSimulatorTest.start(options) + Duration.ofDays(DAYS).toMillis();
        FleetSimulator simulator = new FleetSimulator(options);
        long events = 0;
        for (OpsEvent event = simulator.next(); event.eventTime < end; event = simulator.next()) {
            events++;
            if (event.kind == EventKind.CHANGE) {
                changes.add(event);
            } else if (event.kind == EventKind.INCIDENT) {
                incidents.add(event);
            } else if (event.severity != null && event.severity.isError()) {
                errorTimesByDevice
                        .computeIfAbsent(event.deviceId, id -> new ArrayList<>())
                        .add(event.eventTime);
            } else if (event.kind == EventKind.ALERT && event.summary.contains(" above ")) {
                thresholdAlerts.add(event);
            }
        }
        LOG.info(
                "{} devices over {} days: {} events, {} changes, {} incidents",
                DEVICES,
                DAYS,
                events,
                changes.size(),
                incidents.size());
    }

    @Test
    void incidentsOfAllThreeCausesHappenAndMostFollowAChange() {
        assertThat(incidents).extracting(FleetSimulator::causeOf).contains(IncidentCause.values());
        // Per device-day: 2 changes x ~0.23 bad x 0.8 = ~0.37 after changes, 0.01 + 0.01 others.
        assertThat(share(incidents, i -> FleetSimulator.causeOf(i) == IncidentCause.BAD_CHANGE))
                .isGreaterThan(0.9);
    }

    @Test
    void everyChangeInducedIncidentFollowsItsBadChangeBy20MinutesTo3Hours() {
        Map<String, OpsEvent> changesByReference = new HashMap<>();
        changes.forEach(change -> changesByReference.put(change.reference, change));
        List<OpsEvent> afterChange =
                incidents.stream()
                        .filter(i -> FleetSimulator.causeOf(i) == IncidentCause.BAD_CHANGE)
                        .toList();

        assertThat(afterChange).hasSizeGreaterThan(1000);
        assertThat(afterChange)
                .allSatisfy(
                        incident -> {
                            OpsEvent change =
                                    changesByReference.get(
                                            FleetSimulator.causingChangeOf(incident).orElseThrow());
                            assertThat(change).isNotNull();
                            assertThat(change.deviceId).isEqualTo(incident.deviceId);
                            assertThat(FleetSimulator.isBadChange(change)).isTrue();
                            assertThat(incident.eventTime - change.eventTime)
                                    .isBetween(
                                            options.incidentDelayMin.toMillis(),
                                            options.incidentDelayMax.toMillis());
                        });
    }

    @Test
    void theHourBeforeAChangeInducedIncidentHasManyTimesTheNormalErrorRate() {
        double monthHours = DAYS * 24.0;
        double errorsBefore = 0;
        double normalErrors = 0;
        for (OpsEvent incident : incidentsCausedBy(IncidentCause.BAD_CHANGE)) {
            List<Long> errors = errorTimesByDevice.getOrDefault(incident.deviceId, List.of());
            errorsBefore += countBetween(errors, incident.eventTime - HOUR, incident.eventTime);
            // The month's average, degraded spells included: a conservative "normal".
            normalErrors += errors.size() / monthHours;
        }
        double ratio = errorsBefore / normalErrors;
        LOG.info("error rate in the hour before a change-induced incident: x{}", ratio);
        assertThat(ratio).isGreaterThan(5);

        // A random incident has no precursor: the hour before it looks ordinary.
        double randomBefore = 0;
        double randomNormal = 0;
        for (OpsEvent incident : incidentsCausedBy(IncidentCause.RANDOM)) {
            List<Long> errors = errorTimesByDevice.getOrDefault(incident.deviceId, List.of());
            randomBefore += countBetween(errors, incident.eventTime - HOUR, incident.eventTime);
            randomNormal += errors.size() / monthHours;
        }
        assertThat(randomBefore / randomNormal).isLessThan(2);
    }

    @Test
    void aSlowDriftRaisesThresholdAlertsBeforeItsIncident() {
        List<OpsEvent> afterDrift = incidentsCausedBy(IncidentCause.SLOW_DRIFT);
        long warned =
                afterDrift.stream()
                        .filter(
                                incident ->
                                        thresholdAlerts.stream()
                                                .anyMatch(
                                                        alert ->
                                                                alert.deviceId.equals(
                                                                                incident.deviceId)
                                                                        && alert.eventTime
                                                                                <= incident.eventTime
                                                                        && alert.eventTime
                                                                                > incident.eventTime
                                                                                        - 2 * HOUR))
                        .count();

        assertThat(afterDrift).isNotEmpty();
        assertThat(warned).isGreaterThanOrEqualTo(Math.round(0.9 * afterDrift.size()));
    }

    @Test
    void badChangesAreAboutTheConfiguredShareAndRiskierWhenFailedOrUnplanned() {
        // Base 0.2; failed x3, emergency x2, unauthorised x2.5. Changes made while a device is
        // already in trouble are never bad, which pulls every share down by a few percent.
        List<OpsEvent> plannedOk =
                changes.stream()
                        .filter(c -> c.changeType == ChangeType.PLANNED && !c.failed)
                        .toList();
        assertThat(share(plannedOk, FleetSimulator::isBadChange)).isCloseTo(0.19, within(0.03));
        assertThat(
                        share(
                                changes.stream().filter(c -> c.failed).toList(),
                                FleetSimulator::isBadChange))
                .isGreaterThan(0.4);
        assertThat(
                        share(
                                changes.stream()
                                        .filter(c -> c.changeType == ChangeType.UNAUTHORISED)
                                        .toList(),
                                FleetSimulator::isBadChange))
                .isGreaterThan(0.35);
    }

    @Test
    void mostBadChangesEndInAnIncident() {
        long lastUsable =
                FleetSimulatorTest.start(options)
                        + Duration.ofDays(DAYS).toMillis()
                        - options.incidentDelayMax.toMillis();
        List<OpsEvent> bad =
                changes.stream()
                        .filter(FleetSimulator::isBadChange)
                        .filter(c -> c.eventTime < lastUsable)
                        .toList();
        long followed =
                incidentsCausedBy(IncidentCause.BAD_CHANGE).stream()
                        .filter(
                                i ->
                                        bad.stream()
                                                .anyMatch(
                                                        c ->
                                                                c.reference.equals(
                                                                        FleetSimulator
                                                                                .causingChangeOf(i)
                                                                                .orElseThrow())))
                        .count();

        assertThat(followed / (double) bad.size()).isCloseTo(0.8, within(0.04));
    }

    private static List<OpsEvent> incidentsCausedBy(IncidentCause cause) {
        return incidents.stream().filter(i -> FleetSimulator.causeOf(i) == cause).toList();
    }

    private static long countBetween(List<Long> sortedTimes, long from, long to) {
        return sortedTimes.stream().filter(time -> time >= from && time < to).count();
    }

    private static double share(List<OpsEvent> events, Predicate<OpsEvent> test) {
        return events.stream().filter(test).count() / (double) events.size();
    }
}
