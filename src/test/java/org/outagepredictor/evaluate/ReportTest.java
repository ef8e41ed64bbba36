package org.outagepredictor.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.outagepredictor.evaluate.Ceiling.Scored;
import org.outagepredictor.evaluate.Metrics.Mark;
import org.outagepredictor.features.Feature;

/** The report's account of what the online replay learnt from, and of the ceiling it had. */
class ReportTest {

    private static Evaluation.DatasetResult replayed(long learningOff, long online) {
        Evaluation.DatasetResult result = new Evaluation.DatasetResult();
        result.labelledExamples = learningOff;
        result.positiveExamples = 31;
        result.onlineLabelledExamples = online;
        result.publishEvery = 19;
        result.minWindowExamples = 19;
        result.publicationChecks = 20;
        result.versionsPublished = List.of(2L, 3L, 4L);
        return result;
    }

    @Test
    void saysTheExamplesWereTheSameInBothRunsOnlyWhenTheyWere() {
        assertThat(Report.learning(replayed(389, 389)))
                .isEqualTo(
                        "Online learning: 389 labelled examples (31 positive), the same in both"
                                + " runs; the online replay's trainer checked every 19 examples"
                                + " (`trainer.publish-every`; `trainer.min-window-examples` 19):"
                                + " 20 checks, 3 versions published (2 to 4).");
        assertThat(Report.learning(replayed(389, 1_301)))
                .startsWith(
                        "Online learning: 389 labelled examples (31 positive), 1,301 in the"
                                + " online run; the online replay's trainer");
    }

    @Test
    void saysWhenNoVersionWasPublished() {
        Evaluation.DatasetResult result = replayed(165, 165);
        result.versionsPublished = List.of();

        assertThat(Report.learning(result))
                .endsWith("20 checks, no version published (scoring kept the shipped model).");
    }

    @Test
    void saysWhatTheShippedModelTheRefitTheBestFeatureAndChanceReach() {
        Ceiling ceiling =
                new Ceiling(
                        6_888,
                        0.0045,
                        new Scored(0.0049, 0.384),
                        new Scored(0.0064, 0.0287),
                        new Scored(0.0065, 0.405),
                        new Scored(0.0055, 0.0414),
                        Feature.METRIC_MAX_Z,
                        true,
                        0.0066,
                        null);

        assertThat(Report.ceiling(ceiling))
                .isEqualTo(
                        "Ceiling, on the 6,888 labelled examples of the learning-off run"
                                + " (weighted): average precision of the shipped model 0.005"
                                + " (log loss 0.384); of a logistic regression refit on all of"
                                + " them in-sample, about the most a linear model on these"
                                + " features reaches on them, 0.006 (log loss 0.029); of the best"
                                + " single feature, `metric_max_z` (higher is riskier), 0.007;"
                                + " chance (the positives' share) 0.005. Refit on the earlier"
                                + " half (by label time) and measured on the later half: 0.006,"
                                + " against the shipped model's 0.007 there.");
    }

    @Test
    void saysWhatTheJobAlertsWithTheRefitAsItsModel() {
        Evaluation.MethodResult refit = new Evaluation.MethodResult();
        refit.triggers =
                List.of(new Mark("a", 1), new Mark("a", 2), new Mark("b", 3), new Mark("c", 4));
        refit.precision = 0.25;
        refit.recall = 0.1;
        refit.medianLead = 42 * 60_000L;

        refit.curve =
                List.of(
                        new Metrics.Operating(0.2, 10, 0.3, 0.2),
                        new Metrics.Operating(0.5, 4, 0.25, 0.1),
                        new Metrics.Operating(0.8, 1, 1.0, 0.05));

        assertThat(Report.refitAlerts(refit, 20, 0.1))
                .isEqualTo(
                        "With this in-sample refit as the job's model (learning off; the same"
                                + " threshold and alert lifecycle), the job alerts 4 times:"
                                + " precision 0.250 (1 of 4), recall 0.100 (2 of 20), median lead"
                                + " 42 min; over thresholds, its scores reach precision 0.300 at"
                                + " the online model's recall (0.100).");
        // Where the online model warned of nothing there is no recall to compare at.
        assertThat(Report.refitAlerts(refit, 20, 0)).endsWith("median lead 42 min.");
        assertThat(Report.refitAlerts(refit, 20, 0.5))
                .endsWith("its scores never reach the online model's recall (0.500).");
    }

    @Test
    void givesTheSamplingNoiseOfTheOnlineModelsFigures() {
        Evaluation.MethodResult online = new Evaluation.MethodResult();
        online.triggers =
                List.of(new Mark("a", 1), new Mark("a", 2), new Mark("b", 3), new Mark("c", 4));
        online.precision = 0.25;
        // 1 true of 4 alerts; 2 of 20 incidents warned of.
        online.leads = new long[20];
        Arrays.fill(online.leads, Metrics.NOT_WARNED);
        online.leads[3] = 60_000;
        online.leads[11] = 30_000;

        assertThat(Report.chance(online))
                .isEqualTo(
                        "Chance: the 95% Wilson interval of the rate behind the online model's"
                                + " precision is 0.046 to 0.699, of its recall's 0.028 to 0.301: a"
                                + " rough guide to the sampling noise on this many alerts and"
                                + " incidents, not a test between methods (an outage's alerts are"
                                + " not independent, so if anything the intervals are too"
                                + " narrow).");

        // A dataset with alerts but no outage incidents has no recall to give an interval of.
        online.precision = 0.0;
        online.leads = new long[0];
        assertThat(Report.chance(online))
                .startsWith(
                        "Chance: the 95% Wilson interval of the rate behind the online model's"
                                + " precision is 0.000 to 0.490: a rough guide");
    }

    @Test
    void namesTheCommandThatGivesTheReport() {
        Configuration options = new Configuration();
        assertThat(Report.command(options)).isEqualTo("scripts/evaluate.sh");

        options.setString("model.start", "/tmp/fresh/initial-model.bin");
        options.setString("features.warmup", "1 h");
        options.setString("evaluate.datasets", "simulator:21?simulator.change-rate=6&x=it's");
        options.setString("kafka.properties.sasl.jaas.config", "password=hunter2");
        assertThat(Report.command(options))
                .isEqualTo(
                        "scripts/evaluate.sh --evaluate.datasets"
                                + " 'simulator:21?simulator.change-rate=6&x=it'\\''s'"
                                + " --features.warmup '1 h' --model.start"
                                + " /tmp/fresh/initial-model.bin");
    }

    @Test
    void saysWhenThereWasNoShippedModelOrNothingToRank() {
        Ceiling fromZero =
                new Ceiling(
                        40,
                        0.1,
                        Scored.NONE,
                        new Scored(0.9, 0.1),
                        Scored.NONE,
                        new Scored(0.5, 0.3),
                        Feature.ERRORS_1H,
                        false,
                        0.4,
                        null);
        Ceiling noPositive =
                new Ceiling(
                        12,
                        0,
                        Scored.NONE,
                        Scored.NONE,
                        Scored.NONE,
                        Scored.NONE,
                        null,
                        true,
                        Double.NaN,
                        null);

        assertThat(Report.ceiling(fromZero))
                .contains("shipped model - (no shipped model: `model.start` zero); of a")
                .contains("`errors_1h` (lower is riskier), 0.400")
                .endsWith("later half: 0.500, against the shipped model's - there.");
        assertThat(Report.ceiling(noPositive))
                .isEqualTo("Ceiling: no positive among the 12 labelled examples, nothing to rank.");
    }
}
