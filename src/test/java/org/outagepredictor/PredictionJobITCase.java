package org.outagepredictor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.outagepredictor.alerting.Alert;
import org.outagepredictor.alerting.AlertPolicyOptions;
import org.outagepredictor.alerting.AlertStatus;
import org.outagepredictor.event.EventKind;
import org.outagepredictor.event.OpsEvent;
import org.outagepredictor.features.LabelOptions;
import org.outagepredictor.model.ModelVersion;
import org.outagepredictor.simulate.FleetSimulator;
import org.outagepredictor.simulate.FleetSource;
import org.outagepredictor.simulate.IncidentCause;
import org.outagepredictor.simulate.SimulatorOptions;
import org.outagepredictor.testutils.CollectingSink;
import org.outagepredictor.testutils.MiniClusters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole job at parallelism 2 on a MiniCluster with RocksDB and checkpoints, on the fleet
 * simulator with a fixed seed and the shipped model. The simulator's ground truth (which incidents
 * a bad change caused, which devices stayed healthy) is replayed in the test from the same seed,
 * since a device's history does not depend on how devices are split over subtasks.
 */
class PredictionJobITCase {

    private static final Logger LOG = LoggerFactory.getLogger(PredictionJobITCase.class);

    private static final int PARALLELISM = 2;
    private static final int DEVICES = 100;

    /** Per source subtask: about a day and a half of simulated time for 50 devices each. */
    private static final int EVENTS_PER_SUBTASK = 750_000;

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = MiniClusters.rocksDbWithCheckpoints(PARALLELISM);

    @Test
    void alertsComeBeforeChangeInducedIncidentsAndRarelyForHealthyDevices() throws Exception {
        Configuration options = new Configuration();
        options.set(SimulatorOptions.DEVICES, DEVICES);
        options.set(SimulatorOptions.SEED, 7L);
        SimulatorOptions simulator = SimulatorOptions.from(options);
        CollectingSink<Alert> sink = new CollectingSink<>();
        CollectingSink<ModelVersion> versions = new CollectingSink<>();

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(PARALLELISM);
        new PredictionJob(
                        options,
                        PredictionJob.loadStartModel(options),
                        FleetSource.create(simulator, (long) EVENTS_PER_SUBTASK * PARALLELISM, 0),
                        sink)
                .withModelVersionSink(versions)
                .execute(env);

        GroundTruth truth = GroundTruth.replay(simulator);
        List<Alert> alerts = sink.results();
        long horizon = AlertPolicyOptions.from(options).horizon.toMillis();

        int changeInduced = 0;
        int warned = 0;
        List<Long> leadMinutes = new ArrayList<>();
        for (OpsEvent incident : truth.incidents) {
            if (FleetSimulator.causeOf(incident) != IncidentCause.BAD_CHANGE
                    || incident.eventTime < truth.start + horizon) {
                continue;
            }
            changeInduced++;
            Long lead = leadOfWarning(alerts, incident, horizon);
            if (lead != null) {
                warned++;
                leadMinutes.add(lead / 60_000L);
            }
        }
        Set<String> alerted = new HashSet<>();
        for (Alert alert : alerts) {
            if (alert.status == AlertStatus.TRIGGER) {
                alerted.add(alert.deviceId);
            }
        }
        Set<String> healthy = new HashSet<>(truth.devices);
        healthy.removeAll(truth.troubled);
        long healthyAlerted = healthy.stream().filter(alerted::contains).count();
        leadMinutes.sort(null);

        double recall = (double) warned / changeInduced;
        double healthyAlertShare = (double) healthyAlerted / healthy.size();
        LOG.info(
                String.format(
                        Locale.ROOT,
                        "Figures: %d events, %d alerts; %d of %d change-induced incidents warned"
                                + " within %d min (%.0f%%), median lead %s min; %d of %d healthy"
                                + " devices alerted (%.1f%%)",
                        (long) EVENTS_PER_SUBTASK * PARALLELISM,
                        alerts.size(),
                        warned,
                        changeInduced,
                        horizon / 60_000L,
                        100 * recall,
                        leadMinutes.isEmpty() ? "-" : leadMinutes.get(leadMinutes.size() / 2),
                        healthyAlerted,
                        healthy.size(),
                        100 * healthyAlertShare));

        assertThat(changeInduced)
                .as("change-induced incidents in the run")
                .isGreaterThanOrEqualTo(20);
        assertThat(healthy).as("healthy devices in the run").hasSizeGreaterThanOrEqualTo(20);
        assertThat(recall).as("share of change-induced incidents warned of").isGreaterThan(0.6);
        assertThat(healthyAlertShare).as("share of healthy devices alerted").isLessThan(0.1);
        assertPredictionsThatCameTrueCloseAndWaitOutTheIncident(alerts, truth);
        // Alerts name the model that scored them: the shipped one (version 1) or one the trainer
        // published from it while the job ran.
        Set<Long> knownVersions = new HashSet<>(Set.of(1L));
        versions.results().forEach(v -> knownVersions.add(v.version));
        assertThat(alerts)
                .allSatisfy(
                        alert -> {
                            assertThat(alert.dedupKey)
                                    .startsWith("outage-predictor:" + alert.deviceId);
                            assertThat(alert.modelVersion).isIn(knownVersions);
                        });
    }

    /**
     * An outage incident closes the device's open prediction at the incident's own time, naming it,
     * and no prediction opens on the device in the quiet period after it.
     */
    private static void assertPredictionsThatCameTrueCloseAndWaitOutTheIncident(
            List<Alert> alerts, GroundTruth truth) {
        LabelOptions labels = LabelOptions.defaults();
        long quiet = AlertPolicyOptions.defaults().incidentQuietPeriod.toMillis();
        Map<String, OpsEvent> outagesByDeviceAndTime = new HashMap<>();
        for (OpsEvent incident : truth.incidents) {
            if (labels.isOutage(incident.priority)) {
                outagesByDeviceAndTime.put(incident.deviceId + "@" + incident.eventTime, incident);
            }
        }
        List<Alert> closedByIncident =
                alerts.stream()
                        .filter(a -> a.status == AlertStatus.RESOLVE)
                        .filter(a -> a.resolution.startsWith("predicted outage opened as incident"))
                        .toList();
        assertThat(closedByIncident).as("predictions that came true").isNotEmpty();
        for (Alert resolve : closedByIncident) {
            OpsEvent incident =
                    outagesByDeviceAndTime.get(resolve.deviceId + "@" + resolve.eventTime);
            assertThat(incident).as("the incident that closed %s", resolve.dedupKey).isNotNull();
            assertThat(resolve.resolution)
                    .isEqualTo("predicted outage opened as incident " + incident.reference);
        }
        for (Alert trigger : alerts) {
            if (trigger.status != AlertStatus.TRIGGER) {
                continue;
            }
            for (OpsEvent outage : outagesByDeviceAndTime.values()) {
                assertThat(
                                outage.deviceId.equals(trigger.deviceId)
                                        && trigger.eventTime >= outage.eventTime
                                        && trigger.eventTime < outage.eventTime + quiet)
                        .as(
                                "%s opened %s after outage %s",
                                trigger.dedupKey, trigger.eventTime, outage)
                        .isFalse();
            }
        }
        LOG.info("{} predictions closed by the incident they predicted", closedByIncident.size());
    }

    /** How long before {@code incident} an alert on its device triggered, within the horizon. */
    private static Long leadOfWarning(List<Alert> alerts, OpsEvent incident, long horizon) {
        Long best = null;
        for (Alert alert : alerts) {
            if (alert.status == AlertStatus.TRIGGER
                    && alert.deviceId.equals(incident.deviceId)
                    && alert.eventTime < incident.eventTime
                    && alert.eventTime >= incident.eventTime - horizon) {
                long lead = incident.eventTime - alert.eventTime;
                best = best == null ? lead : Math.max(best, lead);
            }
        }
        return best;
    }

    /** What the simulator did in the run, replayed from the same seed, partition by partition. */
    private static final class GroundTruth {
        long start;
        final List<OpsEvent> incidents = new ArrayList<>();
        final Set<String> devices = new HashSet<>();

        /** Devices with an incident or a bad change: not expected to be quiet. */
        final Set<String> troubled = new HashSet<>();

        static GroundTruth replay(SimulatorOptions options) {
            GroundTruth truth = new GroundTruth();
            truth.start = options.startTime.toEpochMilli();
            for (int partition = 0; partition < PARALLELISM; partition++) {
                FleetSimulator simulator = new FleetSimulator(options, partition, PARALLELISM);
                for (int i = 0; i < EVENTS_PER_SUBTASK; i++) {
                    OpsEvent event = simulator.next();
                    truth.devices.add(event.deviceId);
                    if (event.kind == EventKind.INCIDENT) {
                        truth.incidents.add(event);
                        truth.troubled.add(event.deviceId);
                    } else if (FleetSimulator.isBadChange(event)) {
                        truth.troubled.add(event.deviceId);
                    }
                }
            }
            return truth;
        }
    }
}
