package org.outagepredictor.evaluate;

import static org.apache.flink.util.Preconditions.checkArgument;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.outagepredictor.event.EventKind;
import org.outagepredictor.event.OpsEvent;

/**
 * The arithmetic of the evaluation, plain Java: lead times, precision and recall of alerts, average
 * precision of scores, and alerts derived from a score stream at a threshold.
 *
 * <p>Definitions (docs/evaluation.md): an incident at T is <em>warned</em> if a trigger on its
 * device lies in [T - horizon, T); its lead is T minus the earliest such trigger. A trigger at t is
 * <em>true</em> if an incident on its device opens in (t, t + horizon], else false. A score at t is
 * positive on the same rule, so average precision of the scores and precision of the alerts use one
 * notion of "an outage followed".
 */
public final class Metrics {

    /** No alert preceded the incident within the horizon. */
    public static final long NOT_WARNED = -1;

    private Metrics() {}

    /** Something on a device at a moment: an incident, an alert's trigger. */
    public record Mark(String device, long time) {}

    /** A value on a device at a moment: a probability, a baseline's statistic. */
    public record Point(String device, long time, double value) {}

    /** A confidence interval of a rate: {@link #wilsonInterval}. */
    public record Interval(double low, double high) {}

    /** Precision and recall of alerts at one threshold. */
    public record Operating(double threshold, int triggers, double precision, double recall) {}

    /** Per incident, in the given order: its lead in milliseconds, or {@link #NOT_WARNED}. */
    public static long[] leads(List<Mark> incidents, List<Mark> triggers, long horizon) {
        Map<String, List<Long>> byDevice = timesByDevice(triggers);
        long[] leads = new long[incidents.size()];
        for (int i = 0; i < incidents.size(); i++) {
            Mark incident = incidents.get(i);
            long lead = NOT_WARNED;
            for (long t : byDevice.getOrDefault(incident.device(), List.of())) {
                if (t >= incident.time() - horizon && t < incident.time()) {
                    lead = Math.max(lead, incident.time() - t);
                }
            }
            leads[i] = lead;
        }
        return leads;
    }

    /**
     * How many outage incidents the job could have warned of, an upper bound on its recall: those
     * whose device it could have scored in [T - horizon, T). The job scores a device only at its
     * events (FEEDBACK excepted; at most one per {@code features.snapshot-interval}, which this
     * count ignores), once the device is past its warm-up (observed for {@code warmup} since its
     * first event, or since its first after a silence longer than {@code idleTimeout}, when the job
     * forgets it), and holds back every alert from an outage incident's time until {@code quiet}
     * after it. The events are walked in the order the job gets them, as it does: a line logged at
     * the same moment as an incident but before it is scored before the incident holds alerts back.
     *
     * @param events every event of the replay, incidents included, in the job's order
     * @param isOutage which events are outage incidents, the incidents counted
     */
    public static int warnableIncidents(
            List<OpsEvent> events,
            Predicate<OpsEvent> isOutage,
            long horizon,
            long quiet,
            long warmup,
            long idleTimeout) {
        Map<String, DeviceWalk> devices = new HashMap<>();
        int warnable = 0;
        for (OpsEvent event : events) {
            DeviceWalk device = devices.computeIfAbsent(event.deviceId, d -> new DeviceWalk());
            long time = event.eventTime;
            if (device.lastEventTime == Long.MIN_VALUE
                    || time - device.lastEventTime > idleTimeout) {
                device.startAfresh(time);
            }
            device.lastEventTime = Math.max(device.lastEventTime, time);
            long now = device.lastEventTime;
            if (isOutage.test(event)) {
                if (device.lastScoredBefore(now) >= now - horizon) {
                    warnable++;
                }
                device.lastOutageTime = Math.max(device.lastOutageTime, now);
            }
            boolean heldBack =
                    device.lastOutageTime != Long.MIN_VALUE && now < device.lastOutageTime + quiet;
            if (event.kind != EventKind.FEEDBACK
                    && now - device.observedSince >= warmup
                    && !heldBack) {
                device.scored(now);
            }
        }
        return warnable;
    }

    /** What {@link #warnableIncidents} keeps per device as it walks the events. */
    private static final class DeviceWalk {
        long lastEventTime = Long.MIN_VALUE;
        long observedSince;
        long lastOutageTime;

        /** The two latest distinct times the device could have been scored at. */
        long lastScored;

        long scoredBeforeThat;

        void startAfresh(long time) {
            observedSince = time;
            lastOutageTime = Long.MIN_VALUE;
            lastScored = Long.MIN_VALUE;
            scoredBeforeThat = Long.MIN_VALUE;
        }

        void scored(long time) {
            if (time > lastScored) {
                scoredBeforeThat = lastScored;
                lastScored = time;
            }
        }

        /** The latest time the device could have been scored at before {@code time}. */
        long lastScoredBefore(long time) {
            return lastScored < time ? lastScored : scoredBeforeThat;
        }
    }

    /** Share of incidents warned at least {@code minLead} before them (within the horizon). */
    public static double recall(long[] leads, long minLead) {
        if (leads.length == 0) {
            return Double.NaN;
        }
        return (double) warned(leads, minLead) / leads.length;
    }

    /** How many incidents were warned at least {@code minLead} before them. */
    public static int warned(long[] leads, long minLead) {
        int warned = 0;
        for (long lead : leads) {
            if (lead != NOT_WARNED && lead >= minLead) {
                warned++;
            }
        }
        return warned;
    }

    /** Triggers followed by an incident on their device in [t + minLead, t + horizon]. */
    public static int trueTriggers(
            List<Mark> triggers, List<Mark> incidents, long minLead, long horizon) {
        Map<String, List<Long>> byDevice = timesByDevice(incidents);
        int hits = 0;
        for (Mark trigger : triggers) {
            if (followed(byDevice.get(trigger.device()), trigger.time(), minLead, horizon)) {
                hits++;
            }
        }
        return hits;
    }

    /** Share of triggers that are true; NaN without triggers. */
    public static double precision(
            List<Mark> triggers, List<Mark> incidents, long minLead, long horizon) {
        if (triggers.isEmpty()) {
            return Double.NaN;
        }
        return (double) trueTriggers(triggers, incidents, minLead, horizon) / triggers.size();
    }

    /**
     * The 95% Wilson score interval of the rate behind {@code successes} in {@code trials}: an
     * interval built this way covers the true rate in 95% of repetitions, so its width says how far
     * a share measured on few alerts or incidents can be trusted. It treats the trials as
     * independent; {@code null} without trials.
     */
    public static Interval wilsonInterval(long successes, long trials) {
        checkArgument(
                successes >= 0 && successes <= trials,
                "%s successes in %s trials",
                successes,
                trials);
        if (trials == 0) {
            return null;
        }
        double z = 1.959964;
        double share = (double) successes / trials;
        double spread = z * z / trials;
        double centre = (share + spread / 2) / (1 + spread);
        double half =
                z / (1 + spread) * Math.sqrt(share * (1 - share) / trials + spread / (4 * trials));
        return new Interval(Math.max(0, centre - half), Math.min(1, centre + half));
    }

    /** The median of the warned incidents' leads in milliseconds; {@link #NOT_WARNED} if none. */
    public static long medianLead(long[] leads) {
        List<Long> warned = new ArrayList<>();
        for (long lead : leads) {
            if (lead != NOT_WARNED) {
                warned.add(lead);
            }
        }
        if (warned.isEmpty()) {
            return NOT_WARNED;
        }
        warned.sort(null);
        int n = warned.size();
        return n % 2 == 1 ? warned.get(n / 2) : (warned.get(n / 2 - 1) + warned.get(n / 2)) / 2;
    }

    /**
     * Average precision of the scores against "an incident follows within the horizon": scores in
     * descending order, each group of equal scores one step, the sum over steps of the recall
     * gained times the precision at the step. NaN when no score is positive.
     */
    public static double averagePrecision(List<Point> scores, List<Mark> incidents, long horizon) {
        Map<String, List<Long>> byDevice = timesByDevice(incidents);
        List<double[]> labelled = new ArrayList<>(scores.size());
        int positives = 0;
        for (Point score : scores) {
            boolean positive = followed(byDevice.get(score.device()), score.time(), 0, horizon);
            positives += positive ? 1 : 0;
            labelled.add(new double[] {score.value(), positive ? 1 : 0});
        }
        if (positives == 0) {
            return Double.NaN;
        }
        labelled.sort(Comparator.comparingDouble((double[] s) -> s[0]).reversed());
        double sum = 0;
        int seen = 0;
        int hits = 0;
        int i = 0;
        while (i < labelled.size()) {
            double value = labelled.get(i)[0];
            int stepHits = 0;
            while (i < labelled.size() && labelled.get(i)[0] == value) {
                stepHits += (int) labelled.get(i)[1];
                seen++;
                i++;
            }
            hits += stepHits;
            sum += (double) stepHits / positives * hits / seen;
        }
        return sum;
    }

    /** Share of scores that are positive (the average precision of a score that ranks nothing). */
    public static double positiveShare(List<Point> scores, List<Mark> incidents, long horizon) {
        if (scores.isEmpty()) {
            return Double.NaN;
        }
        Map<String, List<Long>> byDevice = timesByDevice(incidents);
        long positives =
                scores.stream()
                        .filter(s -> followed(byDevice.get(s.device()), s.time(), 0, horizon))
                        .count();
        return (double) positives / scores.size();
    }

    /**
     * The alerts a score stream gives at a threshold, by one simple lifecycle shared by every
     * method: per device, an alert triggers at a point with value at or above the threshold when
     * none is open, the last resolve is at least {@code cooldown} ago and no incident opened on the
     * device in the last {@code quietPeriod}; it resolves at the first point below the threshold or
     * at an incident on the device.
     *
     * @param scores in any order; taken per device in time order
     */
    public static List<Mark> triggers(
            List<Point> scores,
            List<Mark> incidents,
            double threshold,
            long cooldown,
            long quietPeriod) {
        return triggers(timelines(scores, incidents), threshold, cooldown, quietPeriod);
    }

    /** One device's scores in time order, with the times of its incidents in order. */
    private record Timeline(String device, List<Point> points, List<Long> incidentTimes) {}

    /**
     * The scores grouped by device in time order, each group with its device's incident times:
     * grouped and sorted once for all the thresholds of a curve, which each only walk them.
     */
    private static List<Timeline> timelines(List<Point> scores, List<Mark> incidents) {
        Map<String, List<Long>> incidentTimes = timesByDevice(incidents);
        Map<String, List<Point>> byDevice = new HashMap<>();
        for (Point score : scores) {
            byDevice.computeIfAbsent(score.device(), d -> new ArrayList<>()).add(score);
        }
        List<Timeline> timelines = new ArrayList<>(byDevice.size());
        for (Map.Entry<String, List<Point>> device : byDevice.entrySet()) {
            List<Point> points = device.getValue();
            points.sort(Comparator.comparingLong(Point::time));
            timelines.add(
                    new Timeline(
                            device.getKey(),
                            points,
                            incidentTimes.getOrDefault(device.getKey(), List.of())));
        }
        return timelines;
    }

    private static List<Mark> triggers(
            List<Timeline> timelines, double threshold, long cooldown, long quietPeriod) {
        List<Mark> triggers = new ArrayList<>();
        for (Timeline timeline : timelines) {
            List<Long> deviceIncidents = timeline.incidentTimes();
            int next = 0;
            long lastIncident = Long.MIN_VALUE;
            long resolvedAt = Long.MIN_VALUE;
            boolean open = false;
            for (Point point : timeline.points()) {
                while (next < deviceIncidents.size() && deviceIncidents.get(next) <= point.time()) {
                    lastIncident = deviceIncidents.get(next++);
                    if (open) {
                        open = false;
                        resolvedAt = lastIncident;
                    }
                }
                if (open && point.value() < threshold) {
                    open = false;
                    resolvedAt = point.time();
                } else if (!open
                        && point.value() >= threshold
                        && (resolvedAt == Long.MIN_VALUE || point.time() - resolvedAt >= cooldown)
                        && (lastIncident == Long.MIN_VALUE
                                || point.time() - lastIncident >= quietPeriod)) {
                    open = true;
                    triggers.add(new Mark(timeline.device(), point.time()));
                }
            }
        }
        triggers.sort(Comparator.comparingLong(Mark::time).thenComparing(Mark::device));
        return triggers;
    }

    /**
     * Thresholds for a curve: the distinct values of the scores above the lowest (a threshold at
     * the lowest value alerts on everything), thinned to at most {@code max} evenly spaced by rank,
     * highest first.
     */
    public static List<Double> thresholds(List<Point> scores, int max) {
        double[] all = scores.stream().mapToDouble(Point::value).distinct().sorted().toArray();
        double[] distinct = all.length == 0 ? all : Arrays.copyOfRange(all, 1, all.length);
        List<Double> out = new ArrayList<>();
        if (distinct.length <= max) {
            for (int i = distinct.length - 1; i >= 0; i--) {
                out.add(distinct[i]);
            }
            return out;
        }
        for (int k = 0; k < max; k++) {
            int index = (int) Math.round((distinct.length - 1) * (1 - (double) k / (max - 1)));
            if (out.isEmpty() || out.get(out.size() - 1) != distinct[index]) {
                out.add(distinct[index]);
            }
        }
        return out;
    }

    /** Precision and recall of the alerts of {@link #triggers} at each threshold. */
    public static List<Operating> curve(
            List<Point> scores,
            List<Mark> incidents,
            List<Double> thresholds,
            long horizon,
            long cooldown,
            long quietPeriod) {
        List<Timeline> timelines = timelines(scores, incidents);
        List<Operating> curve = new ArrayList<>();
        for (double threshold : thresholds) {
            List<Mark> alerts = triggers(timelines, threshold, cooldown, quietPeriod);
            curve.add(
                    new Operating(
                            threshold,
                            alerts.size(),
                            precision(alerts, incidents, 0, horizon),
                            recall(leads(incidents, alerts, horizon), 0)));
        }
        return curve;
    }

    /**
     * The best precision any point of the curve reaches at a recall of at least {@code recall}: the
     * precision at equal recall. NaN if no point reaches that recall.
     */
    public static double precisionAtRecall(List<Operating> curve, double recall) {
        double best = Double.NaN;
        for (Operating point : curve) {
            if (point.recall() >= recall
                    && !Double.isNaN(point.precision())
                    && (Double.isNaN(best) || point.precision() > best)) {
                best = point.precision();
            }
        }
        return best;
    }

    /**
     * The operating point with the highest precision at a recall of at least {@code recall}, else
     * (or for a recall of 0) the one with the highest F1; {@code null} for an empty curve.
     */
    public static Operating operatingPoint(List<Operating> curve, double recall) {
        Operating best = null;
        if (recall > 0) {
            for (Operating point : curve) {
                if (point.recall() >= recall
                        && !Double.isNaN(point.precision())
                        && (best == null || point.precision() > best.precision())) {
                    best = point;
                }
            }
            if (best != null) {
                return best;
            }
        }
        for (Operating point : curve) {
            if (best == null || f1(point) > f1(best)) {
                best = point;
            }
        }
        return best;
    }

    private static double f1(Operating point) {
        double p = Double.isNaN(point.precision()) ? 0 : point.precision();
        double r = Double.isNaN(point.recall()) ? 0 : point.recall();
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    private static boolean followed(List<Long> incidentTimes, long t, long minLead, long horizon) {
        if (incidentTimes == null) {
            return false;
        }
        for (long incident : incidentTimes) {
            if (minLead == 0
                    ? incident > t && incident <= t + horizon
                    : incident >= t + minLead && incident <= t + horizon) {
                return true;
            }
        }
        return false;
    }

    private static Map<String, List<Long>> timesByDevice(List<Mark> marks) {
        Map<String, List<Long>> byDevice = new HashMap<>();
        for (Mark mark : marks) {
            byDevice.computeIfAbsent(mark.device(), d -> new ArrayList<>()).add(mark.time());
        }
        byDevice.values().forEach(times -> times.sort(null));
        return byDevice;
    }
}
