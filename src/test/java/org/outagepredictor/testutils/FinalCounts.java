package org.outagepredictor.testutils;

import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

/**
 * A metric reporter for MiniCluster tests that keeps the final value of every counter of a run:
 * when a task ends, Flink removes its metrics, and the reporter adds each counter's count to the
 * total of its name. Tests of a bounded job read what the job counted, summed over subtasks, after
 * it finished.
 *
 * <p>Register it in the MiniCluster's configuration with {@link #configure}. Known limit: one
 * static table for the JVM, so tests that use it must not run in parallel; {@link #clear} before
 * each run.
 */
public final class FinalCounts implements MetricReporter, MetricReporterFactory {

    private static final Map<String, Long> TOTALS = new ConcurrentHashMap<>();

    /** Adds the reporter to a MiniCluster configuration. */
    public static void configure(org.apache.flink.configuration.Configuration config) {
        config.setString(
                "metrics.reporter.final-counts.factory.class", FinalCounts.class.getName());
    }

    public static void clear() {
        TOTALS.clear();
    }

    /** The summed final count of the counters named {@code name}, or 0 if none ended yet. */
    public static long total(String name) {
        return TOTALS.getOrDefault(name, 0L);
    }

    /** Every counter name seen to end, with its summed final count. */
    public static Map<String, Long> totals() {
        return Map.copyOf(TOTALS);
    }

    @Override
    public MetricReporter createMetricReporter(Properties properties) {
        return new FinalCounts();
    }

    @Override
    public void open(MetricConfig config) {}

    @Override
    public void close() {}

    @Override
    public void notifyOfAddedMetric(Metric metric, String metricName, MetricGroup group) {}

    @Override
    public void notifyOfRemovedMetric(Metric metric, String metricName, MetricGroup group) {
        if (metric instanceof Counter) {
            TOTALS.merge(metricName, ((Counter) metric).getCount(), Long::sum);
        }
    }
}
