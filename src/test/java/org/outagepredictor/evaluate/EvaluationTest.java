package org.outagepredictor.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
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
}
