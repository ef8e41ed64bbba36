package org.outagepredictor.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.outagepredictor.evaluate.Evaluation.DatasetResult;
import org.outagepredictor.evaluate.Evaluation.MethodResult;
import org.outagepredictor.event.EventKind;
import org.outagepredictor.event.OpsEvent;
import org.outagepredictor.testutils.MiniClusters;

/**
 * The evaluation end to end on one small real series (NAB rogue_agent_key_hold, 1,882 samples and 2
 * labelled failures) given as a new dataset in generic JSON with only the generic-json format: the
 * job runs twice, the baselines run, and the report and its charts are written.
 */
class EvaluationITCase {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = MiniClusters.rocksDbWithCheckpoints(2);

    @Test
    void evaluatesAnUnseenDatasetThroughTheSameRunAndWritesTheReport(@TempDir Path dir)
            throws Exception {
        List<OpsEvent> series =
                Datasets.nab(Path.of("../shared/datasets", Datasets.NAB)).stream()
                        .filter(e -> e.deviceId.equals("rogue_agent_key_hold"))
                        .toList();
        Path file = dir.resolve("rogue.jsonl");
        EventFiles.write(series, file);
        Configuration options = new Configuration();
        options.set(Evaluation.WORK_DIR, dir.resolve("work").toString());
        options.set(Evaluation.PARALLELISM, 2);

        DatasetResult result = Evaluation.evaluate("rogue=generic-json:" + file, options);

        assertThat(result.events).isEqualTo(series.size());
        assertThat(result.devices).isEqualTo(1);
        assertThat(result.incidents).hasSize(2);
        assertThat(result.methods)
                .extracting(m -> m.name)
                .containsExactly(
                        Evaluation.ONLINE,
                        Evaluation.FROZEN,
                        Evaluation.EVENT_RATE,
                        Evaluation.EWMA,
                        Evaluation.CHANGE_ERRORS);
        // The job scored the series after its first hour: one snapshot per 5-minute sample.
        long samples = series.stream().filter(e -> e.kind == EventKind.METRIC).count();
        MethodResult model = result.method(Evaluation.ONLINE);
        assertThat(model.scores).isBetween((int) samples - 13, (int) samples);
        assertThat(result.modelScores).allSatisfy(s -> assertThat(s.value()).isBetween(0.0, 1.0));
        assertThat(model.leads).hasSize(2);
        // Each sample of a metric gives the EWMA rule a score once its baseline has 12 samples.
        assertThat(result.method(Evaluation.EWMA).scores)
                .isEqualTo((int) samples - Baselines.EWMA_WARMUP);
        for (MethodResult method : result.methods) {
            assertThat(method.recallByLead).hasSize(Evaluation.LEAD_MINUTES.length);
            assertThat(method.recall).isBetween(0.0, 1.0);
        }
        // The ceiling ranks the learning-off run's labelled examples.
        assertThat(result.ceiling.examples()).isEqualTo(result.labelledExamples);
        assertThat(result.ceiling.shipped().averagePrecision()).isBetween(0.0, 1.0);
        // The in-sample refit went through the job, which scored the same snapshots with it, not
        // with the shipped model.
        MethodResult off = result.method(Evaluation.FROZEN);
        assertThat(result.refitAlerts.scores).isEqualTo(off.scores);
        assertThat(result.refitAlerts.averagePrecision).isNotEqualTo(off.averagePrecision);
        // The job warns of no incident it could not have scored its device before: the series
        // sends a sample every 5 minutes, so both incidents are warnable.
        assertThat(result.warnableIncidents).isEqualTo(2);
        for (MethodResult job : List.of(model, off, result.refitAlerts)) {
            assertThat(Math.round(job.recall * result.incidents.size()))
                    .isLessThanOrEqualTo(result.warnableIncidents);
        }

        Path report = dir.resolve("docs/evaluation.md");
        Report.write(List.of(result), options, report, java.time.Duration.ofSeconds(1));
        String text = Files.readString(report);
        assertThat(text)
                .contains("## rogue")
                .contains("| online model (the job's alerts) |")
                .contains("Ceiling, on the " + result.labelledExamples + " labelled examples")
                .contains("With this in-sample refit as the job's model");
        for (String chart : List.of("rogue-risk.png", "rogue-lead.png", "rogue-pr.png")) {
            Path png = dir.resolve("docs/evaluation").resolve(chart);
            assertThat(text).contains("evaluation/" + chart);
            assertThat(javax.imageio.ImageIO.read(png.toFile()).getWidth()).isGreaterThan(500);
        }
    }
}
