package org.outagepredictor.benchmark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.outagepredictor.evaluate.Charts;

/**
 * Turns the results file of {@link PipelineBenchmark} runs into the Markdown table of
 * docs/benchmarks.md (printed) and the plot of throughput against device count (PNG). Arguments:
 * {@code RESULTS_FILE PNG_FILE}.
 *
 * <p>scripts/bench.sh runs every combination several times, in rounds (each round: every fleet
 * size, and for each (a), (b) and (c) one after the other), because this machine's pace drifts by
 * tens of percent within an hour. A figure is the median over the rounds with the lowest and
 * highest beside it; a ratio of two runs is taken within each round, where the two ran minutes
 * apart, and its median reported.
 */
public final class BenchmarkReport {

    private static final String A = "pipeline/rocksdb";
    private static final String B = "floor/rocksdb";
    private static final String C = "pipeline/hashmap";

    /** The runs of each job and backend ({@code A}, {@code B}, {@code C}) by device count. */
    private final Map<String, Map<Integer, List<Map<String, String>>>> runs = new HashMap<>();

    private final TreeSet<Integer> deviceCounts = new TreeSet<>();

    /** Reads {@code lines} of a results file: a header of column names, then one run a line. */
    BenchmarkReport(List<String> lines) {
        String[] columns = lines.get(0).split("\t");
        for (String line : lines.subList(1, lines.size())) {
            String[] values = line.split("\t");
            Map<String, String> run = new HashMap<>();
            for (int i = 0; i < columns.length; i++) {
                run.put(columns[i], values[i]);
            }
            int devices = Integer.parseInt(run.get("devices"));
            deviceCounts.add(devices);
            runs.computeIfAbsent(run.get("job") + "/" + run.get("backend"), k -> new HashMap<>())
                    .computeIfAbsent(devices, k -> new ArrayList<>())
                    .add(run);
        }
    }

    public static void main(String[] args) throws Exception {
        BenchmarkReport report = new BenchmarkReport(Files.readAllLines(Path.of(args[0])));
        System.out.print(report.table());
        System.out.print(report.scaling());
        report.plot(Path.of(args[1]));
    }

    /** The Markdown table: medians over the rounds, lowest and highest in parentheses. */
    String table() {
        StringBuilder table = new StringBuilder();
        table.append(
                "| devices | rounds | (a) pipeline, RocksDB | (b) floor, RocksDB | (a)/(b) | (c)"
                        + " pipeline, heap | latency p50 / p99 at half load, (a) | same, (c) |"
                        + " state per device, (a) | checkpoint size (a) | checkpoint avg / max (a)"
                        + " | peak memory (a) / (b) / (c) |\n");
        table.append("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (int devices : deviceCounts) {
            List<Map<String, String>> a = runs(A, devices);
            List<Map<String, String>> b = runs(B, devices);
            List<Map<String, String>> c = runs(C, devices);
            table.append(
                    String.format(
                            Locale.ROOT,
                            "| %,d | %d | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n",
                            devices,
                            Math.max(a.size(), b.size()),
                            spread(values(a, "events_per_s"), "%,.0f/s"),
                            spread(values(b, "events_per_s"), "%,.0f/s"),
                            spread(ratios(A, devices, B, devices), "%.2f"),
                            spread(values(c, "events_per_s"), "%,.0f/s"),
                            latency(a),
                            latency(c),
                            spread(values(a, "state_bytes_per_device"), "%.0f B"),
                            spread(
                                    values(a, "checkpoint_bytes").stream()
                                            .map(bytes -> bytes / 1e6)
                                            .toList(),
                                    "%.1f MB"),
                            a.isEmpty()
                                    ? "-"
                                    : format("%.0f", median(values(a, "checkpoint_avg_ms")))
                                            + " / "
                                            + format("%.0f", median(values(a, "checkpoint_max_ms")))
                                            + " ms",
                            peakMemory(a) + " / " + peakMemory(b) + " / " + peakMemory(c)));
        }
        return table.toString();
    }

    /**
     * How the throughput of (a), and of the floor (b) beside it, holds up as the fleet grows: the
     * largest fleet's over the smallest's, round by round.
     */
    String scaling() {
        if (deviceCounts.size() < 2) {
            return "";
        }
        int smallest = deviceCounts.first();
        int largest = deviceCounts.last();
        StringBuilder lines = new StringBuilder();
        for (String[] job : new String[][] {{A, "(a)"}, {B, "(b)"}}) {
            List<Double> ratios = ratios(job[0], largest, job[0], smallest);
            if (!ratios.isEmpty()) {
                lines.append(
                        String.format(
                                Locale.ROOT,
                                "%s at %,d devices over %s at %,d devices, per round: %s\n",
                                job[1],
                                largest,
                                job[1],
                                smallest,
                                spread(ratios, "%.2f")));
            }
        }
        return lines.toString();
    }

    private void plot(Path png) throws Exception {
        List<String> ticks = new ArrayList<>();
        double[] tickValues = new double[deviceCounts.size()];
        int t = 0;
        for (int devices : deviceCounts) {
            ticks.add(String.format(Locale.ROOT, "%,d", devices));
            tickValues[t++] = Math.log10(devices);
        }
        List<Charts.Series> series = new ArrayList<>();
        double max = 0;
        for (String[] job :
                new String[][] {
                    {A, "(a) pipeline, RocksDB"},
                    {B, "(b) floor, RocksDB"},
                    {C, "(c) pipeline, heap"}
                }) {
            List<double[]> points = new ArrayList<>();
            for (int devices : deviceCounts) {
                List<Double> rates = values(runs(job[0], devices), "events_per_s");
                if (!rates.isEmpty()) {
                    double thousands = median(rates) / 1000;
                    points.add(new double[] {Math.log10(devices), thousands});
                    max = Math.max(max, thousands);
                }
            }
            series.add(
                    new Charts.Series(
                            job[1] + ", median",
                            points.stream().mapToDouble(p -> p[0]).toArray(),
                            points.stream().mapToDouble(p -> p[1]).toArray()));
        }
        Charts.lines(
                "Throughput against fleet size (2 cores, parallelism 2, checkpoints every 10 s)",
                "devices (log scale)",
                "thousand events/s",
                ticks,
                tickValues,
                Math.ceil(max / 50) * 50,
                series,
                png);
    }

    private List<Map<String, String>> runs(String job, int devices) {
        return runs.getOrDefault(job, Map.of()).getOrDefault(devices, List.of());
    }

    /** {@code numerator}'s events/s over {@code denominator}'s, round by round. */
    private List<Double> ratios(String numerator, int nDevices, String denominator, int dDevices) {
        List<Double> top = values(runs(numerator, nDevices), "events_per_s");
        List<Double> bottom = values(runs(denominator, dDevices), "events_per_s");
        List<Double> ratios = new ArrayList<>();
        for (int round = 0; round < Math.min(top.size(), bottom.size()); round++) {
            ratios.add(top.get(round) / bottom.get(round));
        }
        return ratios;
    }

    private static List<Double> values(List<Map<String, String>> runs, String column) {
        return runs.stream().map(run -> run.get(column)).map(Double::parseDouble).toList();
    }

    private static String latency(List<Map<String, String>> runs) {
        if (runs.isEmpty()) {
            return "-";
        }
        return format("%.1f", median(values(runs, "latency_p50_ms")))
                + " / "
                + spread(values(runs, "latency_p99_ms"), "%.1f ms");
    }

    private static String peakMemory(List<Map<String, String>> runs) {
        List<Double> peaks = values(runs, "peak_rss_mb");
        return peaks.isEmpty()
                ? "-"
                : format(
                        "%.0f MB", peaks.stream().mapToDouble(Double::doubleValue).max().orElse(0));
    }

    /** The median, then the lowest and highest in parentheses where the runs differ. */
    static String spread(List<Double> values, String format) {
        if (values.isEmpty()) {
            return "-";
        }
        List<Double> sorted = values.stream().sorted().toList();
        String lowest = format(format, sorted.get(0));
        String highest = format(format, sorted.get(sorted.size() - 1));
        String median = format(format, median(values));
        return lowest.equals(highest) ? median : median + " (" + lowest + "–" + highest + ")";
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1
                ? sorted.get(middle)
                : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    private static String format(String format, double value) {
        return String.format(Locale.ROOT, format, value);
    }
}
