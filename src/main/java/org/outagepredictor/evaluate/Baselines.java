package org.outagepredictor.evaluate;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.outagepredictor.evaluate.Metrics.Point;
import org.outagepredictor.event.EventKind;
import org.outagepredictor.event.OpsEvent;

/**
 * Rules an operations team could write without a model, over the same event stream the job reads,
 * each giving a score per device at each of its events (after the event). The evaluation turns the
 * scores into alerts at every threshold of a curve with {@link Metrics#triggers}, like the model's.
 * Incidents are the labels and are never inputs.
 */
public final class Baselines {

    /** Window of the event-rate rule. */
    static final long RATE_WINDOW = 10 * 60_000L;

    /** Window of the error burst. */
    static final long BURST_WINDOW = 5 * 60_000L;

    /** How recent a change must be for the change-and-errors rule. */
    static final long CHANGE_WINDOW = 60 * 60_000L;

    /** Smoothing of the EWMA baseline: about the last 20 samples. */
    static final double EWMA_ALPHA = 0.05;

    /** Samples a metric needs before its z-score counts. */
    static final int EWMA_WARMUP = 12;

    private Baselines() {}

    /** Static threshold on event rate: the device's events (of any kind) in the last 10 minutes. */
    public static List<Point> eventRate(List<OpsEvent> events) {
        Map<String, ArrayDeque<Long>> recent = new HashMap<>();
        List<Point> scores = new ArrayList<>();
        for (OpsEvent event : events) {
            if (event.kind == EventKind.INCIDENT) {
                continue;
            }
            ArrayDeque<Long> window =
                    recent.computeIfAbsent(event.deviceId, d -> new ArrayDeque<>());
            window.addLast(event.eventTime);
            while (window.peekFirst() <= event.eventTime - RATE_WINDOW) {
                window.removeFirst();
            }
            scores.add(new Point(event.deviceId, event.eventTime, window.size()));
        }
        return scores;
    }

    /**
     * EWMA z-score on metrics: per device and metric an exponentially weighted mean and variance;
     * the score of a sample is |x - mean| / sd against the baseline before the sample.
     */
    public static List<Point> ewmaZScore(List<OpsEvent> events) {
        Map<String, double[]> baselines = new HashMap<>();
        List<Point> scores = new ArrayList<>();
        for (OpsEvent event : events) {
            if (event.kind != EventKind.METRIC) {
                continue;
            }
            // mean, variance, samples
            double[] b =
                    baselines.computeIfAbsent(
                            event.deviceId + "\u0000" + event.metricName,
                            k -> new double[] {event.value, 0, 0});
            double deviation = event.value - b[0];
            if (b[2] >= EWMA_WARMUP) {
                double sd = Math.sqrt(b[1]);
                double z = sd > 0 ? Math.abs(deviation) / sd : (deviation == 0 ? 0 : 10);
                scores.add(new Point(event.deviceId, event.eventTime, z));
            }
            b[0] += EWMA_ALPHA * deviation;
            b[1] = (1 - EWMA_ALPHA) * (b[1] + EWMA_ALPHA * deviation * deviation);
            b[2]++;
        }
        return scores;
    }

    /**
     * A change in the last hour plus an error burst: the device's ERROR and CRITICAL events (logs
     * and alerts) in the last 5 minutes if it had a change in the last hour, else 0.
     */
    public static List<Point> changeThenErrors(List<OpsEvent> events) {
        Map<String, Long> lastChange = new HashMap<>();
        Map<String, ArrayDeque<Long>> errors = new HashMap<>();
        List<Point> scores = new ArrayList<>();
        for (OpsEvent event : events) {
            if (event.kind == EventKind.INCIDENT) {
                continue;
            }
            if (event.kind == EventKind.CHANGE) {
                lastChange.put(event.deviceId, event.eventTime);
            }
            ArrayDeque<Long> window =
                    errors.computeIfAbsent(event.deviceId, d -> new ArrayDeque<>());
            if ((event.kind == EventKind.LOG || event.kind == EventKind.ALERT)
                    && event.severity != null
                    && event.severity.isError()) {
                window.addLast(event.eventTime);
            }
            while (!window.isEmpty() && window.peekFirst() <= event.eventTime - BURST_WINDOW) {
                window.removeFirst();
            }
            Long change = lastChange.get(event.deviceId);
            boolean changed = change != null && event.eventTime - change < CHANGE_WINDOW;
            scores.add(new Point(event.deviceId, event.eventTime, changed ? window.size() : 0));
        }
        return scores;
    }
}
