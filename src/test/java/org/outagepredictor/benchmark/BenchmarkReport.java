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
 */
public final class BenchmarkReport {

    private BenchmarkReport() {}

    public static void main(String[] args) throws Exception {
        List<String> lines = Files.readAllLines(Path.of(args[0]));
        List<String> columns = List.of(lines.get(0).split("\t"));
        // The newest run of each job, backend and device count.
        Map<String, Map<String, String>> runs = new HashMap<>();
        TreeSet<Integer> deviceCounts = new TreeSet<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] values = line.split("\t");
            Map<String, String> run = new HashMap<>();
            for (int i = 0; i < columns.size(); i++) {
                run.put(columns.get(i), values[i]);
            }
            runs.put(key(run.get("job"), run.get("backend"), run.get("devices")), run);
            deviceCounts.add(Integer.parseInt(run.get("devices")));
        }

        StringBuilder table = new StringBuilder();
        table.append(
                "| devices | (a) pipeline, RocksDB | (b) floor, RocksDB | (a)/(b) | (c) pipeline,"
                        + " heap | latency p50 / p99 at half load, (a) | same, (c) | state per"
                        + " device, (a) | checkpoint size (a) | checkpoint avg / max (a) | peak"
                        + " memory (a) / (b) / (c) |\n");
        table.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (int devices : deviceCounts) {
            String d = String.valueOf(devices);
            Map<String, String> a = runs.getOrDefault(key("pipeline", "rocksdb", d), Map.of());
            Map<String, String> b = runs.getOrDefault(key("floor", "rocksdb", d), Map.of());
            Map<String, String> c = runs.getOrDefault(key("pipeline", "hashmap", d), Map.of());
            table.append(
                    String.format(
                            Locale.ROOT,
                            "| %,d | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n",
                            devices,
                            rate(a),
                            rate(b),
                            ratio(a, b),
                            rate(c),
                            latency(a),
                            latency(c),
                            a.isEmpty() ? "-" : a.get("state_bytes_per_device") + " B",
                            a.isEmpty() ? "-" : megabytes(a.get("checkpoint_bytes")),
                            a.isEmpty()
                                    ? "-"
                                    : a.get("checkpoint_avg_ms")
                                            + " / "
                                            + a.get("checkpoint_max_ms")
                                            + " ms",
                            memory(a) + " / " + memory(b) + " / " + memory(c)));
        }
        System.out.print(table);

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
                    {"pipeline", "rocksdb", "(a) pipeline, RocksDB"},
                    {"floor", "rocksdb", "(b) floor, RocksDB"},
                    {"pipeline", "hashmap", "(c) pipeline, heap"}
                }) {
            List<double[]> points = new ArrayList<>();
            for (int devices : deviceCounts) {
                Map<String, String> run = runs.get(key(job[0], job[1], String.valueOf(devices)));
                if (run != null) {
                    double thousands = Double.parseDouble(run.get("events_per_s")) / 1000;
                    points.add(new double[] {Math.log10(devices), thousands});
                    max = Math.max(max, thousands);
                }
            }
            series.add(
                    new Charts.Series(
                            job[2],
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
                Path.of(args[1]));
    }

    private static String key(String job, String backend, String devices) {
        return job + "/" + backend + "/" + devices;
    }

    private static String rate(Map<String, String> run) {
        return run.isEmpty()
                ? "-"
                : String.format(Locale.ROOT, "%,d/s", Long.parseLong(run.get("events_per_s")));
    }

    private static String ratio(Map<String, String> a, Map<String, String> b) {
        if (a.isEmpty() || b.isEmpty()) {
            return "-";
        }
        return String.format(
                Locale.ROOT,
                "%.2f",
                Double.parseDouble(a.get("events_per_s"))
                        / Double.parseDouble(b.get("events_per_s")));
    }

    private static String latency(Map<String, String> run) {
        return run.isEmpty()
                ? "-"
                : run.get("latency_p50_ms") + " / " + run.get("latency_p99_ms") + " ms";
    }

    private static String megabytes(String bytes) {
        return String.format(Locale.ROOT, "%.1f MB", Long.parseLong(bytes) / 1e6);
    }

    private static String memory(Map<String, String> run) {
        return run.isEmpty() ? "-" : run.get("peak_rss_mb") + " MB";
    }
}
