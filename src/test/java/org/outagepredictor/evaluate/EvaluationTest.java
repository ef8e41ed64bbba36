package org.outagepredictor.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.outagepredictor.features.FeatureOptions;
import org.outagepredictor.model.TrainerOptions;

/**
 * A dataset's own settings and the command line; the online replay's publication cadence follows
 * the dataset's labelled examples.
 */
class EvaluationTest {

    @Test
    void aDatasetsSettingsApplyUnlessTheCommandLineGivesTheOption() {
        Map<String, String> settings = Map.of(FeatureOptions.WARMUP.key(), "0 s");
        Configuration none = new Configuration();
        Configuration given = new Configuration();
        given.set(FeatureOptions.WARMUP, Duration.ofMinutes(30));

        assertThat(Evaluation.withSettings(settings, none).get(FeatureOptions.WARMUP))
                .isEqualTo(Duration.ZERO);
        assertThat(Evaluation.withSettings(settings, given).get(FeatureOptions.WARMUP))
                .isEqualTo(Duration.ofMinutes(30));
        assertThat(Evaluation.withSettings(Map.of(), none).get(FeatureOptions.WARMUP))
                .isEqualTo(FeatureOptions.WARMUP.defaultValue());
    }

    @Test
    void checksAsOftenOnASmallDatasetAsOnALargeOne() {
        Configuration options = new Configuration();

        Configuration small = Evaluation.onlineOptions(options, 90);
        Configuration large = Evaluation.onlineOptions(options, 7_000);

        // 20 checks each: every 4 of 90 examples, every 350 of 7,000.
        assertThat(small.get(TrainerOptions.PUBLISH_EVERY)).isEqualTo(4);
        assertThat(large.get(TrainerOptions.PUBLISH_EVERY)).isEqualTo(350);
        // The first check can publish: the window then holds publish-every examples.
        assertThat(small.get(TrainerOptions.MIN_WINDOW_EXAMPLES)).isEqualTo(4);
        assertThat(large.get(TrainerOptions.MIN_WINDOW_EXAMPLES))
                .isEqualTo(TrainerOptions.MIN_WINDOW_EXAMPLES.defaultValue());
    }

    @Test
    void checksAfterEveryExampleWhenThereAreFewerExamplesThanChecks() {
        Configuration options = new Configuration();
        options.set(Evaluation.PUBLICATION_CHECKS, 10);

        Configuration online = Evaluation.onlineOptions(options, 3);

        assertThat(online.get(TrainerOptions.PUBLISH_EVERY)).isEqualTo(1);
        assertThat(online.get(TrainerOptions.MIN_WINDOW_EXAMPLES)).isEqualTo(1);
    }

    @Test
    void keepsTheTrainersOptionsWithoutPublicationChecks() {
        Configuration options = new Configuration();
        options.set(Evaluation.PUBLICATION_CHECKS, 0);
        options.set(TrainerOptions.PUBLISH_EVERY, 700);
        options.set(TrainerOptions.MIN_WINDOW_EXAMPLES, 300);

        Configuration online = Evaluation.onlineOptions(options, 7_000);

        assertThat(online.get(TrainerOptions.PUBLISH_EVERY)).isEqualTo(700);
        assertThat(online.get(TrainerOptions.MIN_WINDOW_EXAMPLES)).isEqualTo(300);
    }

    @Test
    void theDefaultDatasetsAreWellFormedAndWriteApart() {
        List<String> specs = List.of(Evaluation.DEFAULT_DATASETS.split(";"));

        Evaluation.checkDatasets(specs);

        assertThat(specs.stream().map(Evaluation::datasetName))
                .contains(
                        "fleet simulator, seed 11",
                        "fleet simulator, seed 21, degraded-error-multiplier 1",
                        "fleet simulator, seed 21, change-rate 6, bad-change-fraction 0.07");
    }

    @Test
    void everyDatasetIsCheckedBeforeTheFirstRuns() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Evaluation.checkDatasets(List.of("nab", "simulator:1?oops=1")))
                .withMessageContaining("'oops=1' is not OPTION=VALUE");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Evaluation.checkDatasets(List.of("nab", "nabx")))
                .withMessageContaining("Unknown dataset 'nabx'");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Evaluation.checkDatasets(List.of("=generic-json:/tmp/x")))
                .withMessageContaining("Unknown dataset");
        // A negative seed's name gives the same file names as the positive one.
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Evaluation.checkDatasets(List.of("simulator:5", "simulator:-5")))
                .withMessageContaining(
                        "'simulator:5' and 'simulator:-5' would write the same files");
        assertThatIllegalArgumentException()
                .isThrownBy(
                        () ->
                                Evaluation.checkDatasets(
                                        List.of("a=generic-json:/tmp/x", "A=splunk-hec:/tmp/y")))
                .withMessageContaining("would write the same files (a)");
    }

    @Test
    void aLongNameIsCutToAFileNameThatKeepsItApart() {
        String base = "fleet simulator, seed 1, class-mix " + "server=0.5,switch=0.5 ".repeat(8);

        String one = Evaluation.slug(base + "a");
        String other = Evaluation.slug(base + "b");

        assertThat(Evaluation.slug("loghub BGL (2k sample)")).isEqualTo("loghub-bgl-2k-sample");
        assertThat(one).hasSizeLessThan(100).startsWith("fleet-simulator-seed-1-class-mix-server");
        assertThat(other).hasSizeLessThan(100).isNotEqualTo(one);
    }
}
