package org.outagepredictor.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.outagepredictor.features.Feature;
import org.outagepredictor.features.LabelOptions;
import org.outagepredictor.features.LabeledExample;
import org.outagepredictor.testutils.LabeledExamples;

class OnlineLearnerTest {

    private static final double THRESHOLD = 0.4;

    /**
     * Labels as {@link LabeledExamples} gives them: a horizon of 10 minutes, so that a snapshot's
     * label, negative or positive, has come 10 minutes after it.
     */
    static Configuration synthetic() {
        Configuration config = new Configuration();
        config.set(LabelOptions.HORIZON, Duration.ofMinutes(LabeledExamples.LABEL_DELAY_MINUTES));
        config.set(LabelOptions.LATE_INCIDENT_GRACE, Duration.ZERO);
        return config;
    }

    static TrainerOptions everyHundred() {
        Configuration config = synthetic();
        config.set(TrainerOptions.PUBLISH_EVERY, 100);
        config.set(TrainerOptions.PUBLISH_INTERVAL, Duration.ZERO);
        config.set(TrainerOptions.EVALUATION_WINDOW, 500);
        config.set(TrainerOptions.MIN_WINDOW_EXAMPLES, 1);
        return TrainerOptions.from(config);
    }

    @Test
    void theSameLabelledStreamTwiceGivesIdenticalWeightsAndVersions() {
        List<ModelVersion> first = run(LabeledExamples.stream(11, 3000));
        List<ModelVersion> second = run(LabeledExamples.stream(11, 3000));

        assertThat(first).hasSameSizeAs(second).isNotEmpty();
        for (int i = 0; i < first.size(); i++) {
            assertThat(second.get(i).version).isEqualTo(first.get(i).version);
            assertThat(second.get(i).coefficients).containsExactly(first.get(i).coefficients);
            assertThat(Double.valueOf(second.get(i).prAuc))
                    .isEqualTo(Double.valueOf(first.get(i).prAuc));
        }
    }

    @Test
    void fromZeroItPublishesVersionsThatLearnTheRule() {
        List<ModelVersion> versions = run(LabeledExamples.stream(5, 5000));

        assertThat(versions.get(0).version).isEqualTo(1);
        assertThat(versions).extracting(v -> v.version).isSorted().doesNotHaveDuplicates();
        ModelVersion last = versions.get(versions.size() - 1);
        assertThat(last.coefficients[Feature.FAILED_CHANGES_1H.ordinal()]).isGreaterThan(0.5);
        // Outages follow 80% of failed-change snapshots and 2% of the rest: the positive share,
        // which a model that ranks nothing gets as PR-AUC, is about 0.1, and a perfect ranking by
        // failed changes gets about 0.67. Measured on examples none of the versions learnt from.
        List<LabeledExample> unseen = LabeledExamples.stream(99, 5000);
        double[] scores = new double[unseen.size()];
        boolean[] positive = new boolean[unseen.size()];
        double[] weight = new double[unseen.size()];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = FtrlProximal.sigmoid(dot(last.coefficients, unseen.get(i).values));
            positive[i] = unseen.get(i).positive;
            weight[i] = unseen.get(i).weight;
        }
        assertThat(PrequentialWindow.averagePrecision(scores, positive, weight, scores.length))
                .isGreaterThan(0.5);
    }

    @Test
    void nothingIsPublishedOnTooLittleEvidence() {
        OnlineLearner learner =
                new OnlineLearner(TrainerOptions.defaults(), THRESHOLD, StartModel.none());
        LabeledExamples.stream(8, 199).forEach(learner::learn);

        TrainingReport report = learner.check(0);

        assertThat(report.published).isFalse();
        assertThat(report.decision).contains("fewer than 200 examples learnt");
        assertThat(learner.version()).isZero();

        learner.learn(LabeledExamples.stream(9, 1).get(0));
        assertThat(learner.check(1).published).isTrue();
    }

    @Test
    void theFirstWallClockCheckComesAnIntervalAfterTheFirstExample() {
        OnlineLearner learner =
                new OnlineLearner(TrainerOptions.defaults(), THRESHOLD, StartModel.none());
        long start = 1_000_000L;
        LabeledExamples.stream(8, 10).forEach(learner::learn);

        assertThat(learner.checkDue(start)).isFalse();
        assertThat(learner.checkDue(start + 299_999)).isFalse();
        assertThat(learner.checkDue(start + 300_000)).isTrue();
    }

    @Test
    void aLearnerWhosePrAucFallsBeyondTheToleranceIsNotPublished() {
        PrequentialWindow.Metrics current = metrics(0.20, 0.60);

        assertThat(OnlineLearner.refusal(metrics(0.21, 0.57), current, 0.02)).contains("PR-AUC");
        assertThat(OnlineLearner.refusal(metrics(0.21, 0.59), current, 0.02)).isNull();
        assertThat(OnlineLearner.refusal(metrics(0.15, 0.70), current, 0.02)).isNull();
    }

    @Test
    void aLearnerWhoseLogLossRisesBeyondTheToleranceIsNotPublished() {
        // A better ranking does not make up for scores shifted away from the truth: a shift moves
        // alerts across the trigger threshold, which PR-AUC cannot see.
        PrequentialWindow.Metrics current = metrics(0.20, 0.60);

        assertThat(OnlineLearner.refusal(metrics(0.25, 0.70), current, 0.02)).contains("log loss");
        assertThat(OnlineLearner.refusal(metrics(0.22, 0.70), current, 0.02)).isNull();
    }

    @Test
    void withoutPositivesInTheWindowLogLossDecides() {
        PrequentialWindow.Metrics current =
                new PrequentialWindow.Metrics(0.20, Double.NaN, Double.NaN, Double.NaN);

        assertThat(OnlineLearner.refusal(metrics(0.25, Double.NaN), current, 0.02))
                .contains("log loss");
        assertThat(OnlineLearner.refusal(metrics(0.21, Double.NaN), current, 0.02)).isNull();
    }

    @Test
    void aCheckFreezesACandidateThatLaterChecksCompareOnExamplesSnapshotAfterItsLabels() {
        OnlineLearner learner =
                new OnlineLearner(everyHundred(), THRESHOLD, new StartModel(goodModel(), null));
        long start = LabeledExamples.START;
        long minute = 60_000;
        // Labels at minutes 1 to 100, each 10 minutes after its snapshot.
        LabeledExamples.stream(3, 100, start).forEach(learner::learn);
        TrainingReport freezing = learner.check(0);
        assertThat(freezing.published).isFalse();
        assertThat(freezing.refused).isFalse();
        assertThat(freezing.decision).contains("candidate");
        double[] frozen = learner.weights();
        // Labelled after the freeze, but snapshots from minutes 91 to 99: before its labels.
        LabeledExamples.stream(4, 9, start + 100 * minute).forEach(learner::learn);
        // Snapshots from minute 101 on; the learner goes on learning from each of them.
        List<LabeledExample> after = LabeledExamples.stream(5, 40, start + 110 * minute);
        after.forEach(learner::learn);

        TrainingReport report = learner.check(1);

        assertThat(report.windowExamples).isEqualTo(40);
        // Both figures are the fixed models' own scores of those 40, nothing else.
        assertThat(report.candidateLogLoss).isCloseTo(logLoss(frozen, after), within(1e-12));
        assertThat(report.currentLogLoss)
                .isCloseTo(logLoss(goodModel().coefficients(), after), within(1e-12));
    }

    @Test
    void aBetterCandidateIsPublishedAsItWasFrozen() {
        // From a model that knows nothing, the learner learns the rule; the candidate it offers
        // ranks the later examples far better, and the version published is that candidate, not
        // the learner of the moment.
        Configuration config = synthetic();
        config.set(TrainerOptions.PUBLISH_EVERY, 200);
        config.set(TrainerOptions.EVALUATION_WINDOW, 1000);
        config.set(TrainerOptions.MIN_WINDOW_EXAMPLES, 150);
        config.set(TrainerOptions.PUBLISH_INTERVAL, Duration.ZERO);
        OnlineLearner learner =
                new OnlineLearner(
                        TrainerOptions.from(config),
                        THRESHOLD,
                        new StartModel(new LogisticModel(9, new double[Feature.COUNT]), null));
        List<LabeledExample> stream = LabeledExamples.stream(8, 1000);
        stream.subList(0, 800).forEach(learner::learn);
        learner.check(0);
        double[] frozen = learner.weights();
        stream.subList(800, 1000).forEach(learner::learn);

        TrainingReport report = learner.check(1);

        assertThat(report.published).as(report.toString()).isTrue();
        assertThat(report.refused).isFalse();
        assertThat(report.candidatePrAuc).isGreaterThan(report.currentPrAuc + 0.2);
        assertThat(learner.published().version).isEqualTo(10);
        assertThat(learner.published().coefficients).containsExactly(frozen);
        assertThat(learner.published().examplesTrained).isEqualTo(800);
        assertThat(learner.weights()).isNotEqualTo(frozen);
    }

    @Test
    void aRefusedCheckKeepsTheVersionAndPublishesNothing() {
        // Start from a model that knows the rule; the learner then learns from 200 labels that
        // contradict it (a labelling accident) and offers what it learnt as the candidate. On the
        // correct labels after, the candidate ranks worse than the published model.
        Configuration config = synthetic();
        config.set(TrainerOptions.PUBLISH_EVERY, 200);
        config.set(TrainerOptions.ALPHA, 1.0);
        config.set(TrainerOptions.PUBLISH_INTERVAL, Duration.ZERO);
        OnlineLearner learner =
                new OnlineLearner(
                        TrainerOptions.from(config), THRESHOLD, new StartModel(goodModel(), null));
        List<LabeledExample> stream = LabeledExamples.stream(2, 500);
        stream.subList(0, 200).forEach(example -> example.positive = !example.positive);
        stream.subList(0, 200).forEach(learner::learn);
        learner.check(0);
        stream.subList(200, 500).forEach(learner::learn);

        TrainingReport report = learner.check(1);

        assertThat(report.candidatePrAuc)
                .as(report.toString())
                .isLessThan(report.currentPrAuc - 0.02);
        assertThat(report.published).isFalse();
        assertThat(report.refused).isTrue();
        assertThat(learner.published()).isNull();
        assertThat(learner.version()).isEqualTo(9);
    }

    private static double logLoss(double[] weights, List<LabeledExample> examples) {
        double loss = 0;
        double total = 0;
        for (LabeledExample example : examples) {
            double p = FtrlProximal.sigmoid(dot(weights, example.values));
            loss -= example.weight * Math.log(example.positive ? p : 1 - p);
            total += example.weight;
        }
        return loss / total;
    }

    private static PrequentialWindow.Metrics metrics(double logLoss, double prAuc) {
        return new PrequentialWindow.Metrics(logLoss, prAuc, 0.5, 0.5);
    }

    private static LogisticModel goodModel() {
        double[] coefficients = new double[Feature.COUNT];
        coefficients[Feature.BIAS.ordinal()] = -4;
        coefficients[Feature.FAILED_CHANGES_1H.ordinal()] = 3;
        return new LogisticModel(9, coefficients);
    }

    private static double dot(double[] w, double[] x) {
        double dot = 0;
        for (int i = 0; i < w.length; i++) {
            dot += w[i] * x[i];
        }
        return dot;
    }

    private static List<ModelVersion> run(List<LabeledExample> examples) {
        OnlineLearner learner = new OnlineLearner(everyHundred(), THRESHOLD, StartModel.none());
        List<ModelVersion> published = new ArrayList<>();
        for (LabeledExample example : examples) {
            learner.learn(example);
            if (learner.checkDue(0)) {
                learner.check(0);
                if (learner.published() != null) {
                    published.add(learner.published());
                }
            }
        }
        return published;
    }
}
