package org.outagepredictor.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.outagepredictor.features.Feature;
import org.outagepredictor.features.LabeledExample;
import org.outagepredictor.testutils.LabeledExamples;

class OnlineLearnerTest {

    private static final double THRESHOLD = 0.4;

    static TrainerOptions everyHundred() {
        Configuration config = new Configuration();
        config.set(TrainerOptions.PUBLISH_EVERY, 100);
        config.set(TrainerOptions.PUBLISH_INTERVAL, java.time.Duration.ZERO);
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
            assertThat(second.get(i).prAuc).isEqualTo(first.get(i).prAuc);
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
        // failed changes gets about 0.67.
        assertThat(last.prAuc).isGreaterThan(0.5);
    }

    @Test
    void scoresEachExampleBeforeLearningFromIt() {
        OnlineLearner learner = new OnlineLearner(everyHundred(), THRESHOLD, StartModel.none());
        LabeledExample example = LabeledExamples.stream(1, 1).get(0);
        example.positive = true;

        learner.learn(example);
        TrainingReport report = learner.check(0);

        // Zero weights score 0.5 before the update; a positive at 0.5 has log loss ln 2.
        assertThat(report.candidateLogLoss).isEqualTo(Math.log(2));
        assertThat(learner.weights()[Feature.BIAS.ordinal()]).isPositive();
    }

    @Test
    void nothingIsPublishedOnTooLittleEvidence() {
        OnlineLearner learner =
                new OnlineLearner(TrainerOptions.defaults(), THRESHOLD, StartModel.none());
        LabeledExamples.stream(8, 199).forEach(learner::learn);

        TrainingReport report = learner.check(0);

        assertThat(report.published).isFalse();
        assertThat(report.decision).contains("fewer than 200");
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
    void afterAPublicationTheCheckComparesOnlyTheExamplesThatCameSince() {
        OnlineLearner learner = new OnlineLearner(everyHundred(), THRESHOLD, StartModel.none());
        LabeledExamples.stream(3, 300).forEach(learner::learn);
        assertThat(learner.check(0).published).isTrue();
        double[] published = learner.weights();
        List<LabeledExample> since = LabeledExamples.stream(4, 40);
        since.forEach(learner::learn);

        TrainingReport report = learner.check(1);

        assertThat(report.windowExamples).isEqualTo(340);
        assertThat(report.comparedExamples).isEqualTo(40);
        // The published model's figure is its own live scores of the 40, nothing older.
        double loss = 0;
        double weights = 0;
        for (LabeledExample example : since) {
            double p = FtrlProximal.sigmoid(dot(published, example.values));
            loss -= example.weight * Math.log(example.positive ? p : 1 - p);
            weights += example.weight;
        }
        assertThat(report.currentLogLoss).isCloseTo(loss / weights, within(1e-12));
    }

    @Test
    void aLearnerThatGoesWrongAfterAPublicationIsNotPublished() {
        // With a huge learning rate, the learner publishes on clean labels, then chases 100 noisy
        // ones (every other flipped). The check must see its collapse on those 100, not a window
        // whose 900 older examples both models would share.
        Configuration config = new Configuration();
        config.set(TrainerOptions.PUBLISH_EVERY, 100);
        config.set(TrainerOptions.EVALUATION_WINDOW, 1000);
        config.set(TrainerOptions.MIN_WINDOW_EXAMPLES, 100);
        config.set(TrainerOptions.ALPHA, 50.0);
        config.set(TrainerOptions.PUBLISH_INTERVAL, java.time.Duration.ZERO);
        OnlineLearner learner =
                new OnlineLearner(TrainerOptions.from(config), THRESHOLD, StartModel.none());
        LabeledExamples.stream(6, 900).forEach(learner::learn);
        assertThat(learner.check(0).published).isTrue();
        List<LabeledExample> noisy = LabeledExamples.stream(7, 100);
        for (int i = 0; i < noisy.size(); i += 2) {
            noisy.get(i).positive = !noisy.get(i).positive;
        }
        noisy.forEach(learner::learn);

        TrainingReport report = learner.check(1);

        assertThat(report.comparedExamples).isEqualTo(100);
        assertThat(report.published).as(report.toString()).isFalse();
        assertThat(learner.version()).isEqualTo(1);
    }

    @Test
    void aRefusedCheckKeepsTheVersionAndPublishesNothing() {
        // Start from a model that knows the rule, then learn from labels that contradict it
        // with a huge learning rate: the learner's prequential ranking collapses while the
        // published model's stays.
        Configuration config = new Configuration();
        config.set(TrainerOptions.PUBLISH_EVERY, 200);
        config.set(TrainerOptions.EVALUATION_WINDOW, 200);
        config.set(TrainerOptions.ALPHA, 50.0);
        config.set(TrainerOptions.PUBLISH_INTERVAL, java.time.Duration.ZERO);
        OnlineLearner learner =
                new OnlineLearner(
                        TrainerOptions.from(config), THRESHOLD, new StartModel(goodModel(), null));
        List<LabeledExample> noisy = LabeledExamples.stream(2, 200);
        for (int i = 0; i < noisy.size(); i += 2) {
            noisy.get(i).positive = !noisy.get(i).positive;
        }
        noisy.forEach(learner::learn);

        TrainingReport report = learner.check(0);

        assertThat(report.comparedCandidatePrAuc).isLessThan(report.currentPrAuc - 0.02);
        assertThat(report.published).isFalse();
        assertThat(learner.published()).isNull();
        assertThat(learner.version()).isEqualTo(9);
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
