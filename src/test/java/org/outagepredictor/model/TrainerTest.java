package org.outagepredictor.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.outagepredictor.features.LabeledExample;
import org.outagepredictor.testutils.LabeledExamples;

/** The {@link Trainer} operator: what it publishes, and that a restore resumes exactly. */
class TrainerTest {

    @Test
    void aRestoreResumesLearningExactly() throws Exception {
        List<LabeledExample> examples = LabeledExamples.stream(21, 2000);

        OneInputStreamOperatorTestHarness<LabeledExample, ModelVersion> uninterrupted = open(null);
        examples.forEach(e -> process(uninterrupted, e));
        List<ModelVersion> expected = uninterrupted.extractOutputValues();
        uninterrupted.close();

        OneInputStreamOperatorTestHarness<LabeledExample, ModelVersion> first = open(null);
        examples.subList(0, 1250).forEach(e -> process(first, e));
        OperatorSubtaskState checkpoint = first.snapshot(1L, 0L);
        List<ModelVersion> beforeFailure = first.extractOutputValues();
        // Work after the checkpoint is lost with the failure.
        examples.subList(1250, 1400).forEach(e -> process(first, e));
        first.close();

        OneInputStreamOperatorTestHarness<LabeledExample, ModelVersion> restored = open(checkpoint);
        examples.subList(1250, 2000).forEach(e -> process(restored, e));
        List<ModelVersion> afterRestore = restored.extractOutputValues();
        restored.close();

        assertThat(beforeFailure.size() + afterRestore.size()).isEqualTo(expected.size());
        List<ModelVersion> resumed = new java.util.ArrayList<>(beforeFailure);
        resumed.addAll(afterRestore);
        for (int i = 0; i < expected.size(); i++) {
            assertThat(resumed.get(i).version).isEqualTo(expected.get(i).version);
            assertThat(resumed.get(i).coefficients).containsExactly(expected.get(i).coefficients);
            assertThat(resumed.get(i).examplesTrained).isEqualTo(expected.get(i).examplesTrained);
            // Boxed, so that the first version's NaN (published without a comparison) equals.
            assertThat(Double.valueOf(resumed.get(i).prAuc))
                    .isEqualTo(Double.valueOf(expected.get(i).prAuc));
        }
        assertThat(afterRestore).isNotEmpty();
    }

    @Test
    void reportsEveryCheckOnItsSideOutput() throws Exception {
        OneInputStreamOperatorTestHarness<LabeledExample, ModelVersion> harness = open(null);
        LabeledExamples.stream(4, 1000).forEach(e -> process(harness, e));

        List<TrainingReport> reports =
                harness.getSideOutput(Trainer.REPORTS).stream()
                        .map(StreamRecord::getValue)
                        .toList();
        assertThat(reports).hasSize(10);
        assertThat(reports.get(0).published).isTrue();
        assertThat(reports.get(0).version).isEqualTo(1);
        assertThat(reports)
                .filteredOn(r -> r.published)
                .hasSize(harness.extractOutputValues().size());
        harness.close();
    }

    private static OneInputStreamOperatorTestHarness<LabeledExample, ModelVersion> open(
            OperatorSubtaskState restoreFrom) throws Exception {
        var harness =
                new OneInputStreamOperatorTestHarness<LabeledExample, ModelVersion>(
                        new ProcessOperator<>(
                                new Trainer(
                                        OnlineLearnerTest.everyHundred(), 0.4, StartModel.none())));
        harness.setup();
        if (restoreFrom == null) {
            harness.initializeEmptyState();
        } else {
            harness.initializeState(restoreFrom);
        }
        harness.open();
        return harness;
    }

    private static void process(
            OneInputStreamOperatorTestHarness<LabeledExample, ModelVersion> harness,
            LabeledExample example) {
        try {
            harness.processElement(example, example.labelTime);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
