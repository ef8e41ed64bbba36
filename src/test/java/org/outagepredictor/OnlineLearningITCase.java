package org.outagepredictor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.outagepredictor.alerting.Alert;
import org.outagepredictor.alerting.Score;
import org.outagepredictor.features.Feature;
import org.outagepredictor.model.ModelVersion;
import org.outagepredictor.model.TrainerOptions;
import org.outagepredictor.model.TrainingReport;
import org.outagepredictor.simulate.FleetSource;
import org.outagepredictor.simulate.SimulatorOptions;
import org.outagepredictor.testutils.ArrivalRecordingSink;
import org.outagepredictor.testutils.ArrivalRecordingSink.Arrival;
import org.outagepredictor.testutils.CollectingSink;
import org.outagepredictor.testutils.MiniClusters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Online learning end to end on a MiniCluster with RocksDB and checkpoints: a job that starts from
 * zero (no model) learns from the labels its own feature operator gives, and the scorer switches to
 * every version the trainer publishes. Flink ML's released online model never switched to new model
 * data (FLINK-36653); this is the test that ours does.
 */
class OnlineLearningITCase {

    private static final Logger LOG = LoggerFactory.getLogger(OnlineLearningITCase.class);

    /**
     * How long after publication a scorer subtask may still score with an older version. A
     * broadcast element waits only behind the snapshots already in the scorer's input buffers,
     * which takes milliseconds; the bound is loose so that a busy CI machine does not fail it.
     */
    private static final long SWITCH_BOUND_MILLIS = 5_000;

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = MiniClusters.rocksDbWithCheckpoints(4);

    private static Configuration fromZero(int devices, long seed, int publishEvery) {
        Configuration options = new Configuration();
        options.set(SimulatorOptions.DEVICES, devices);
        options.set(SimulatorOptions.SEED, seed);
        options.set(PredictionJob.MODEL_START, "zero");
        options.set(TrainerOptions.PUBLISH_EVERY, publishEvery);
        options.set(TrainerOptions.PUBLISH_INTERVAL, Duration.ZERO);
        options.set(PredictionJob.PRINT_ALERTS, false);
        return options;
    }

    @Test
    void aModelStartingFromZeroLearnsTheChangeInducedIncidents() throws Exception {
        Configuration options = fromZero(200, 3L, 500);
        CollectingSink<TrainingReport> reports = new CollectingSink<>();
        CollectingSink<ModelVersion> versions = new CollectingSink<>();

        run(options, 2, 3_000_000L, new CollectingSink<>(), reports, versions, null);

        List<TrainingReport> checks = reports.results();
        for (TrainingReport report : checks) {
            LOG.info("{}", report);
        }
        assertThat(checks).hasSizeGreaterThan(5);
        // The checks that decided on a candidate, on enough examples whose labels had all come.
        List<TrainingReport> decided =
                checks.stream()
                        .filter(
                                r ->
                                        r.windowExamples
                                                >= TrainerOptions.defaults().minWindowExamples)
                        .toList();
        assertThat(decided).hasSizeGreaterThan(1);
        TrainingReport first = decided.get(0);
        TrainingReport last = decided.get(decided.size() - 1);
        double positiveShare = (double) last.windowPositives / last.windowExamples;
        LOG.info(
                "Figures: {} checks ({} decided), {} versions; PR-AUC {} at the first decision, {}"
                        + " at the last (positive share {})",
                checks.size(),
                decided.size(),
                versions.results().size(),
                first.candidatePrAuc,
                last.candidatePrAuc,
                positiveShare);
        // A model that ranks nothing has the positive share as its PR-AUC. The comparisons are a
        // few hundred examples of one stretch of the stream each, with 5 to 22 % positives, so the
        // bound is relative to the share.
        assertThat(last.candidatePrAuc)
                .as("prequential PR-AUC at the end")
                .isGreaterThan(2 * positiveShare);
        // It learnt what causes the simulator's incidents: recent changes meeting errors.
        ModelVersion newest = versions.results().get(versions.results().size() - 1);
        LOG.info(
                "Newest version's coefficients: {}",
                java.util.Arrays.toString(newest.coefficients));
        for (Feature cause :
                List.of(
                        Feature.CHANGES_1H,
                        Feature.CHANGE_RECENCY,
                        Feature.RECENT_CHANGE_X_ERROR_BURST)) {
            assertThat(newest.coefficients[cause.ordinal()]).as(cause.name()).isPositive();
        }
        assertThat(versions.results()).extracting(v -> v.version).startsWith(1L).isSorted();
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 4})
    void scoresSwitchToEveryNewVersionWithinTheBound(int parallelism) throws Exception {
        Configuration options = fromZero(120, 5L, 300);
        // The subject is how fast scoring switches, not the publication gate: a gate that refuses
        // a candidate, or waits long for examples to compare it on, can leave a finite stream at
        // parallelism 4 (labels in arrival order from four subtasks) with only two versions.
        options.set(TrainerOptions.PUBLISH_TOLERANCE, 1.0);
        options.set(TrainerOptions.MIN_WINDOW_EXAMPLES, 100);
        ArrivalRecordingSink<ModelVersion> versions = new ArrivalRecordingSink<>();
        ArrivalRecordingSink<Score> scores = new ArrivalRecordingSink<>();

        run(options, parallelism, 1_500_000L, new CollectingSink<>(), null, versions, scores);

        List<ModelVersion> published =
                versions.arrivals().stream().map(a -> a.value).collect(Collectors.toList());
        List<Arrival<Score>> scored = scores.arrivals();
        assertThat(published).as("versions published").hasSizeGreaterThan(2);
        assertThat(scored).isNotEmpty();
        Map<Long, ModelVersion> byVersion = new HashMap<>();
        published.forEach(v -> byVersion.put(v.version, v));

        // Every score names a published version: labels reached the scoring path.
        assertThat(scored).allSatisfy(s -> assertThat(byVersion).containsKey(s.value.modelVersion));
        // Scores carry the new versions, and the probabilities change with them.
        Map<Long, Double> meanByVersion =
                scored.stream()
                        .collect(
                                Collectors.groupingBy(
                                        s -> s.value.modelVersion,
                                        Collectors.averagingDouble(s -> s.value.probability)));
        assertThat(meanByVersion).as("versions seen in scores").hasSizeGreaterThan(2);
        assertThat(meanByVersion.values().stream().distinct().count())
                .isEqualTo(meanByVersion.size());
        // No score with an older version arrives later than the bound after a newer one was
        // published.
        long worst = 0;
        for (Arrival<Score> s : scored) {
            for (ModelVersion v : published) {
                if (v.version > s.value.modelVersion) {
                    worst = Math.max(worst, s.arrivedAt - v.publishedAt);
                }
            }
        }
        LOG.info(
                "Figures at parallelism {}: {} versions, {} scores; an older version was last used"
                        + " {} ms after a newer one was published",
                parallelism,
                published.size(),
                scored.size(),
                worst);
        assertThat(worst).isLessThan(SWITCH_BOUND_MILLIS);
    }

    private static void run(
            Configuration options,
            int parallelism,
            long events,
            CollectingSink<Alert> alerts,
            CollectingSink<TrainingReport> reports,
            org.apache.flink.api.connector.sink2.Sink<ModelVersion> versions,
            ArrivalRecordingSink<Score> scores)
            throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(parallelism);
        PredictionJob job =
                new PredictionJob(
                                options,
                                PredictionJob.loadStartModel(options),
                                FleetSource.create(SimulatorOptions.from(options), events, 0),
                                alerts)
                        .withModelVersionSink(versions);
        if (reports != null) {
            job.withTrainingReportSink(reports);
        }
        if (scores != null) {
            job.withScoreSink(scores);
        }
        job.execute(env);
    }
}
