package org.outagepredictor.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchmarkReportTest {

    /** A results line: the figures a run prints, in {@link PipelineBenchmark#COLUMNS}' order. */
    private static String run(
            String job, String backend, int devices, long eventsPerSecond, double p99) {
        return String.join(
                "\t",
                job,
                backend,
                String.valueOf(devices),
                "3000000",
                "10.0",
                String.valueOf(eventsPerSecond),
                String.valueOf(eventsPerSecond / 2),
                "10.0",
                String.valueOf(p99),
                "1500",
                "400",
                "3",
                "45000000",
                "500",
                "700",
                "1400",
                "900",
                "1000000",
                String.valueOf(eventsPerSecond));
    }

    private static BenchmarkReport report(List<String> runs) {
        List<String> lines = new ArrayList<>();
        lines.add(String.join("\t", PipelineBenchmark.COLUMNS));
        lines.addAll(runs);
        return new BenchmarkReport(lines);
    }

    @Test
    void ratiosAreTakenWithinEachRoundAndFiguresAreMediansWithTheirRange() {
        // Three rounds in which the machine's pace drifts: the ratio of the medians would be
        // 200 / 300 = 0.67, but within each round (a) ran at half the floor's pace.
        BenchmarkReport report =
                report(
                        List.of(
                                run("pipeline", "rocksdb", 10000, 200000, 40.0),
                                run("floor", "rocksdb", 10000, 400000, 0),
                                run("pipeline", "rocksdb", 1000000, 100000, 300.0),
                                run("floor", "rocksdb", 1000000, 300000, 0),
                                run("pipeline", "rocksdb", 10000, 150000, 60.0),
                                run("floor", "rocksdb", 10000, 300000, 0),
                                run("pipeline", "rocksdb", 1000000, 90000, 500.0),
                                run("floor", "rocksdb", 1000000, 180000, 0),
                                run("pipeline", "rocksdb", 10000, 250000, 50.0),
                                run("floor", "rocksdb", 10000, 200000, 0),
                                run("pipeline", "rocksdb", 1000000, 50000, 450.0),
                                run("floor", "rocksdb", 1000000, 100000, 0)));

        String table = report.table();
        assertThat(table)
                .contains(
                        "| 10,000 | 3 | 200,000/s (150,000/s–250,000/s) | 300,000/s"
                                + " (200,000/s–400,000/s) | 0.50 (0.50–1.25) | - | 10.0 / 50.0 ms"
                                + " (40.0 ms–60.0 ms) | - | 400 B | 45.0 MB | 500 / 700 ms |"
                                + " 1400 MB / 1400 MB / - |");
        assertThat(table).contains("| 1,000,000 | 3 | 90,000/s (50,000/s–100,000/s) |");
        // (a): 100/200, 90/150 and 50/250 by round; (b): 300/400, 180/300 and 100/200.
        assertThat(report.scaling())
                .isEqualTo(
                        "(a) at 1,000,000 devices over (a) at 10,000 devices, per round: 0.50"
                                + " (0.20–0.60)\n"
                                + "(b) at 1,000,000 devices over (b) at 10,000 devices, per round:"
                                + " 0.60 (0.50–0.75)\n");
    }

    @Test
    void aSingleRoundShowsPlainFigures() {
        BenchmarkReport report =
                report(
                        List.of(
                                run("pipeline", "rocksdb", 100000, 167026, 120.8),
                                run("floor", "rocksdb", 100000, 231171, 0),
                                run("pipeline", "hashmap", 100000, 226480, 33.3)));

        assertThat(report.table())
                .contains(
                        "| 100,000 | 1 | 167,026/s | 231,171/s | 0.72 | 226,480/s | 10.0 / 120.8 ms"
                                + " | 10.0 / 33.3 ms |");
        assertThat(report.scaling()).isEmpty();
    }

    @Test
    void theMedianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        assertThat(BenchmarkReport.median(List.of(4.0, 1.0, 3.0, 2.0))).isEqualTo(2.5);
        assertThat(BenchmarkReport.median(List.of(7.0))).isEqualTo(7.0);
    }
}
