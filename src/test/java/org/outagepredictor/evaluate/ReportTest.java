package org.outagepredictor.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The report's account of what the online replay learnt from. */
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
}
