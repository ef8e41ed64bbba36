package org.outagepredictor.evaluate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import org.apache.flink.configuration.Configuration;
import org.outagepredictor.alerting.AlertPolicyOptions;
import org.outagepredictor.evaluate.Evaluation.DatasetResult;
import org.outagepredictor.evaluate.Evaluation.MethodResult;
import org.outagepredictor.evaluate.Metrics.Interval;
import org.outagepredictor.evaluate.Metrics.Mark;
import org.outagepredictor.ingest.KafkaOptions;

/**
 * Writes docs/evaluation.md and its charts from the measured results; nothing in it is typed in.
 */
final class Report {

    /** The lead-time goal on NAB and the simulator, minutes. */
    static final long LEAD_GOAL_MINUTES = 15;

    private Report() {}

    /** One line per dataset for the console. */
    static String summary(DatasetResult r) {
        MethodResult m = r.method(Evaluation.ONLINE);
        return String.format(
                Locale.ROOT,
                "%s: %d events, %d devices, %.1f days, %d outage incidents; online model: %d"
                        + " alerts, precision %s, recall %s, median lead %s, PR-AUC %s (job runs"
                        + " %.1f s)",
                r.name,
                r.events,
                r.devices,
                r.days,
                r.incidents.size(),
                m.triggers.size(),
                num(m.precision),
                num(m.recall),
                minutes(m.medianLead),
                num(m.averagePrecision),
                r.jobMillis / 1000.0);
    }

    static void write(
            List<DatasetResult> results, Configuration options, Path report, Duration took)
            throws IOException {
        String base = report.getFileName().toString().replaceFirst("\\.md$", "");
        Path charts = report.toAbsolutePath().getParent().resolve(base);
        AlertPolicyOptions policy = AlertPolicyOptions.from(options);
        StringBuilder md = new StringBuilder();
        md.append("# Evaluation: prediction quality on real data\n\n");
        md.append(
                "Does the outage predictor warn before outages on data that nobody on this project"
                        + " wrote? This page is written by `scripts/evaluate.sh` from what it"
                        + " measured; run it again to get your own figures.\n\n");
        md.append("```\n").append(command(options)).append("\n```\n\n");
        md.append(
                String.format(
                        Locale.ROOT,
                        "Measured %s on %d cores (load average %s at the end; the machine was"
                                + " shared with other builds), Java %s; the whole run took %d s."
                                + " Options: trigger threshold %s, horizon %d min, job"
                                + " parallelism %d.\n\n",
                        Instant.now().truncatedTo(ChronoUnit.MINUTES),
                        Runtime.getRuntime().availableProcessors(),
                        loadAverage(),
                        System.getProperty("java.version"),
                        took.toSeconds(),
                        num(policy.triggerThreshold),
                        policy.horizon.toMinutes(),
                        options.get(Evaluation.PARALLELISM)));
        md.append(METHOD);
        md.append(DATA);
        md.append("## Summary\n\n");
        md.append(
                "| dataset | outage incidents (warnable) | online model: precision / recall |"
                        + " median lead |"
                        + " PR-AUC (positive share) | higher precision than the rule baselines at"
                        + " equal recall? | than the model with learning off? | labelled"
                        + " examples: versions published online |\n"
                        + "|---|---|---|---|---|---|---|---|\n");
        for (DatasetResult r : results) {
            MethodResult m = r.method(Evaluation.ONLINE);
            md.append(
                    String.format(
                            Locale.ROOT,
                            "| %s | %d (%d) | %s / %s | %s | %s (%s) | %s | %s | %,d: %d |\n",
                            r.name,
                            r.incidents.size(),
                            r.warnableIncidents,
                            num(m.precision),
                            num(m.recall),
                            minutes(m.medianLead),
                            num(m.averagePrecision),
                            num(m.positiveShare),
                            beatsAll(r, true),
                            beatsAll(r, false),
                            r.labelledExamples,
                            r.versionsPublished.size()));
        }
        md.append('\n');
        for (DatasetResult r : results) {
            String slug = Evaluation.slug(r.name);
            section(md, r, policy);
            List<String> devices = Evaluation.devicesByIncidents(r);
            String device = devices.isEmpty() ? firstScored(r) : devices.get(0);
            if (device != null) {
                Charts.risk(r, device, policy.triggerThreshold, charts.resolve(slug + "-risk.png"));
                md.append(String.format("![risk over time](%s/%s-risk.png)\n\n", base, slug));
            }
            Charts.leadTime(r, charts.resolve(slug + "-lead.png"));
            Charts.precisionRecall(r, charts.resolve(slug + "-pr.png"));
            md.append(
                    String.format(
                            "![precision and recall against lead time](%s/%s-lead.png)\n\n",
                            base, slug));
            md.append(String.format("![precision-recall curves](%s/%s-pr.png)\n\n", base, slug));
        }
        md.append(LIMITS);
        md.append(NEW_DATASET);
        Evaluation.ensureParent(report);
        Files.writeString(report, md.toString(), StandardCharsets.UTF_8);
    }

    private static void section(StringBuilder md, DatasetResult r, AlertPolicyOptions policy) {
        md.append("## ").append(r.name).append("\n\n");
        md.append(
                String.format(
                        Locale.ROOT,
                        "%s. %,d events on %d devices over %.1f days (%.1f device-days); %d outage incidents on %d"
                                + " devices, %d changes; %d of the incidents warnable (an event on"
                                + " their device in the horizon before them, past its warm-up and"
                                + " outside the quiet period after an outage).%s\n\n",
                        r.description + settings(r),
                        r.events,
                        r.devices,
                        r.days,
                        r.deviceDays,
                        r.incidents.size(),
                        r.incidents.stream().map(Mark::device).distinct().count(),
                        r.changes.size(),
                        r.warnableIncidents,
                        r.rejectedLines > 0
                                ? " "
                                        + r.rejectedLines
                                        + " lines gave no event (first: "
                                        + r.firstRejection
                                        + ")."
                                : ""));
        md.append(
                "| method | alerts | precision | recall | median lead | alerts per device-day |"
                        + " PR-AUC (positive share) | precision at the online model's recall |"
                        + " online model's precision at this recall |\n"
                        + "|---|---|---|---|---|---|---|---|---|\n");
        for (MethodResult m : r.methods) {
            md.append(
                    String.format(
                            Locale.ROOT,
                            "| %s | %d | %s | %s | %s | %s | %s (%s) | %s | %s |\n",
                            m.name
                                    + (m.jobAlerts
                                            ? " (the job's alerts)"
                                            : " (threshold " + num(m.threshold) + ")"),
                            m.triggers.size(),
                            fraction(m.precision, m.triggers.size()),
                            fraction(m.recall, r.incidents.size()),
                            minutes(m.medianLead),
                            num(m.alertsPerDeviceDay),
                            num(m.averagePrecision),
                            num(m.positiveShare),
                            num(m.precisionAtModelRecall),
                            m.jobAlerts || Double.isNaN(m.recall) || m.recall == 0
                                    ? "-"
                                    : num(modelPrecisionAt(r, m.recall))));
        }
        md.append('\n');
        md.append(learning(r)).append("\n\n");
        md.append(ceiling(r.ceiling));
        if (r.refitAlerts != null) {
            md.append(' ')
                    .append(
                            refitAlerts(
                                    r.refitAlerts,
                                    r.incidents.size(),
                                    r.method(Evaluation.ONLINE).recall));
        }
        md.append("\n\n");
        md.append("Goal, precision at equal recall: ").append(verdict(r)).append("\n\n");
        MethodResult model = r.method(Evaluation.ONLINE);
        int warned = Metrics.warned(model.leads, 0);
        md.append(
                String.format(
                        Locale.ROOT,
                        "Lead time: the online model's median lead is %s over the %d incidents it"
                                + " warned of (goal on NAB and the simulator: at least %d min)."
                                + " These figures rest on %d outage incidents and %d alerts.\n\n",
                        minutes(model.medianLead),
                        warned,
                        LEAD_GOAL_MINUTES,
                        r.incidents.size(),
                        model.triggers.size()));
        if (!model.triggers.isEmpty()) {
            md.append(chance(model)).append("\n\n");
        }
    }

    /**
     * The sampling noise of the online model's precision and recall: their 95% Wilson intervals,
     * given how few alerts and incidents they rest on; for a method with alerts.
     */
    static String chance(MethodResult online) {
        long trueAlerts = Math.round(online.precision * online.triggers.size());
        Interval precision = Metrics.wilsonInterval(trueAlerts, online.triggers.size());
        StringBuilder text =
                new StringBuilder(
                        String.format(
                                Locale.ROOT,
                                "Chance: the 95%% Wilson interval of the rate behind the online"
                                        + " model's precision is %s to %s",
                                num(precision.low()),
                                num(precision.high())));
        if (online.leads.length > 0) {
            Interval recall =
                    Metrics.wilsonInterval(Metrics.warned(online.leads, 0), online.leads.length);
            text.append(
                    String.format(
                            Locale.ROOT,
                            ", of its recall's %s to %s",
                            num(recall.low()),
                            num(recall.high())));
        }
        return text.append(
                        ": a rough guide to the sampling noise on this many alerts and incidents,"
                                + " not a test between methods (an outage's alerts are not"
                                + " independent, so if anything the intervals are too narrow).")
                .toString();
    }

    /** The dataset's own settings (job options), as a clause of its description. */
    static String settings(DatasetResult r) {
        if (r.settings.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder("; replayed with");
        r.settings.forEach((key, value) -> out.append(" `").append(key).append("` ").append(value));
        return out.toString();
    }

    /** What the online replay learnt from and how many versions it published. */
    static String learning(DatasetResult r) {
        List<Long> versions = r.versionsPublished;
        return String.format(
                Locale.ROOT,
                "Online learning: %,d labelled examples (%,d positive), %s; the online replay's"
                        + " trainer checked every %,d examples (`trainer.publish-every`;"
                        + " `trainer.min-window-examples` %,d): %d checks, %s.",
                r.labelledExamples,
                r.positiveExamples,
                r.onlineLabelledExamples == r.labelledExamples
                        ? "the same in both runs"
                        : String.format(
                                Locale.ROOT, "%,d in the online run", r.onlineLabelledExamples),
                r.publishEvery,
                r.minWindowExamples,
                r.publicationChecks,
                versions.isEmpty()
                        ? "no version published (scoring kept the shipped model)"
                        : versions.size() == 1
                                ? "1 version published (" + versions.get(0) + ")"
                                : String.format(
                                        Locale.ROOT,
                                        "%d versions published (%d to %d)",
                                        versions.size(),
                                        versions.get(0),
                                        versions.get(versions.size() - 1)));
    }

    /** How well the features can rank the labelled examples, beside the shipped model. */
    static String ceiling(Ceiling c) {
        if (c.bestFeature() == null) {
            return String.format(
                    Locale.ROOT,
                    "Ceiling: no positive among the %,d labelled examples, nothing to rank.",
                    c.examples());
        }
        return String.format(
                Locale.ROOT,
                "Ceiling, on the %,d labelled examples of the learning-off run (weighted): average"
                        + " precision of the shipped model %s; of a logistic regression refit on"
                        + " all of them in-sample, about the most a linear model on these features"
                        + " reaches on them, %s (log loss %s); of the best single feature, `%s`"
                        + " (%s is riskier), %s; chance (the positives' share) %s. Refit on the"
                        + " earlier half (by label time) and measured on the later half: %s,"
                        + " against the shipped model's %s there.",
                c.examples(),
                c.shipped().equals(Ceiling.Scored.NONE)
                        ? "- (no shipped model: `model.start` zero)"
                        : num(c.shipped().averagePrecision())
                                + " (log loss "
                                + num(c.shipped().logLoss())
                                + ")",
                num(c.refit().averagePrecision()),
                num(c.refit().logLoss()),
                c.bestFeature().name().toLowerCase(Locale.ROOT),
                c.higherIsRiskier() ? "higher" : "lower",
                num(c.bestFeatureAveragePrecision()),
                num(c.positiveShare()),
                num(c.earlierHalfRefitLaterHalf().averagePrecision()),
                num(c.shippedLaterHalf().averagePrecision()));
    }

    /**
     * What the job's alerts were with the in-sample refit as its model, and, where the online model
     * warned of something, the best precision the refit's scores reach over thresholds at the
     * online model's recall: the alerts say what this refit does at the configured threshold, the
     * curve what it could do at another.
     */
    static String refitAlerts(MethodResult refit, int incidents, double onlineRecall) {
        String curve = "";
        if (onlineRecall > 0) {
            double precision = Metrics.precisionAtRecall(refit.curve, onlineRecall);
            curve =
                    Double.isNaN(precision)
                            ? "; over thresholds, its scores never reach the online model's"
                                    + " recall ("
                                    + num(onlineRecall)
                                    + ")"
                            : String.format(
                                    Locale.ROOT,
                                    "; over thresholds, its scores reach precision %s at the online"
                                            + " model's recall (%s)",
                                    num(precision),
                                    num(onlineRecall));
        }
        return String.format(
                Locale.ROOT,
                "With this in-sample refit as the job's model (learning off; the same threshold and"
                        + " alert lifecycle), the job alerts %d %s: precision %s, recall %s,"
                        + " median lead %s%s.",
                refit.triggers.size(),
                refit.triggers.size() == 1 ? "time" : "times",
                fraction(refit.precision, refit.triggers.size()),
                fraction(refit.recall, incidents),
                minutes(refit.medianLead),
                curve);
    }

    /** Whether the online model's alerts beat each baseline's best precision at their recall. */
    static String verdict(DatasetResult r) {
        MethodResult model = r.method(Evaluation.ONLINE);
        if (r.incidents.isEmpty()) {
            return "no outage incidents: nothing to measure.";
        }
        if (Double.isNaN(model.recall) || model.recall == 0) {
            return "not met: the online model warned of none of the "
                    + r.incidents.size()
                    + " incidents.";
        }
        StringBuilder out = new StringBuilder();
        boolean all = true;
        for (MethodResult m : r.methods) {
            if (m.name.equals(Evaluation.ONLINE)) {
                continue;
            }
            double other = rivalPrecision(m, model.recall);
            boolean beats = Double.isNaN(other) || model.precision > other;
            all &= beats;
            out.append(
                    String.format(
                            Locale.ROOT,
                            "%s %s (%s); ",
                            beats ? "beats" : "does not beat",
                            m.name,
                            Double.isNaN(other)
                                    ? "it never reaches recall " + num(model.recall)
                                    : num(model.precision) + " against " + num(other)));
        }
        return (all ? "yes: " : "no: ") + out.substring(0, out.length() - 2) + ".";
    }

    /**
     * A method's best precision at the online model's recall or more: its job alerts' if they reach
     * it, or a point of its curve.
     */
    static double rivalPrecision(MethodResult m, double recall) {
        double best = m.precisionAtModelRecall;
        if (m.jobAlerts
                && m.recall >= recall
                && !Double.isNaN(m.precision)
                && (Double.isNaN(best) || m.precision > best)) {
            best = m.precision;
        }
        return best;
    }

    /**
     * Whether the online model's alerts have a higher precision than each of {@code methods} at
     * their recall; "-" when the model warned of nothing.
     */
    static String beatsAll(DatasetResult r, boolean rules) {
        MethodResult model = r.method(Evaluation.ONLINE);
        if (Double.isNaN(model.recall) || model.recall == 0) {
            return "no (warned of none)";
        }
        for (MethodResult m : r.methods) {
            if (m.name.equals(Evaluation.ONLINE) || m.jobAlerts == rules) {
                continue;
            }
            double other = rivalPrecision(m, model.recall);
            if (!Double.isNaN(other) && model.precision <= other) {
                return String.format(Locale.ROOT, "no (%s: %s)", m.name, num(other));
            }
        }
        return "yes";
    }

    /**
     * The online model's best precision at a recall of at least {@code recall}: its job alerts' if
     * they reach it, or a point of its curve over thresholds.
     */
    static double modelPrecisionAt(DatasetResult r, double recall) {
        MethodResult model = r.method(Evaluation.ONLINE);
        double best = Metrics.precisionAtRecall(model.curve, recall);
        if (model.recall >= recall
                && !Double.isNaN(model.precision)
                && (Double.isNaN(best) || model.precision > best)) {
            best = model.precision;
        }
        return best;
    }

    private static String firstScored(DatasetResult r) {
        return r.modelScores.isEmpty() ? null : r.modelScores.get(0).device();
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /**
     * The command that gives this report: {@code scripts/evaluate.sh} with the options it was given
     * (a {@code --config} file's among them), but not {@code kafka.properties.*}, which a replay
     * does not use and which may hold credentials.
     */
    static String command(Configuration options) {
        StringBuilder command = new StringBuilder("scripts/evaluate.sh");
        new TreeMap<>(options.toMap())
                .forEach(
                        (key, value) -> {
                            if (!key.startsWith(KafkaOptions.PROPERTIES_PREFIX)) {
                                command.append(" --").append(key).append(' ').append(quoted(value));
                            }
                        });
        return command.toString();
    }

    /** A value as a shell word: as it is if it needs no quoting, else in single quotes. */
    private static String quoted(String value) {
        return value.matches("[A-Za-z0-9_./:,=@+-]+")
                ? value
                : "'" + value.replace("'", "'\\''") + "'";
    }

    static String num(double value) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.3f", value);
    }

    /** A share and the counts it comes from: "0.250 (1 of 4)". */
    static String fraction(double share, int of) {
        return Double.isNaN(share)
                ? "-"
                : String.format(Locale.ROOT, "%.3f (%d of %d)", share, Math.round(share * of), of);
    }

    static String minutes(long millis) {
        return millis < 0 ? "-" : String.format(Locale.ROOT, "%.0f min", millis / 60_000.0);
    }

    private static final String METHOD =
            """
            ## What is measured

            Each dataset is converted to the job's own generic JSON events (`Datasets`, read in
            place from `../shared/datasets`; nothing of them is committed) and replayed through the
            real `PredictionJob`, bounded and in event time (the watermark, newest event time less
            `source.max-out-of-orderness`, advances at every event, as in a live stream), from
            the shipped model: once learning
            online (**online model**) and once with `trainer.enabled false` (**model, learning
            off**). The job's alerts and its scores (`withScoreSink`) are collected and measured in
            plain Java (`Metrics`) against the dataset's outage incidents (priority 1 or 2,
            `labels.outage-priorities`):

            - an incident at T is **warned** if an alert triggered on its device in
              [T - horizon, T); its **lead** is T minus the earliest such trigger. **Recall**: the
              share of incidents warned;
            - an alert is **true** if an outage incident opens on its device within the horizon
              after it, else false. **Precision**: the share of alerts that are true;
            - **alerts per device-day**: alerts over the sum of the devices' spans (first to last
              event, at least an hour each) in days;
            - **chance**: each section gives the 95% Wilson score intervals of the rates behind
              the online model's precision and recall, a rough guide to how much of a difference
              that few alerts and incidents can show;
            - **PR-AUC**: average precision of every score (each scored snapshot, labelled
              positive when an incident follows on its device within the horizon), with the
              positive share beside it (what a score that ranks nothing gets). The online model's
              scores are prequential: each came before the labels after it were learnt;
            - **curves over thresholds**: every method's scores turned into alerts at up to 40
              thresholds by one simple lifecycle shared by all (trigger at or above the threshold
              with no alert open, after the cooldown and outside the quiet period after an
              incident; resolve below it or at an incident). **Precision at equal recall** is the
              best precision a curve reaches at the online model's recall or more; the online
              model's own figure is its job alerts' precision at the configured threshold.
              The last column turns it round: the online model's best precision (its job
              alerts', or a point of its curve) at that method's own recall.

            Baselines, plain Java over the same events (`Baselines`): a static threshold on the
            device's event rate (events in the last 10 min); an EWMA z-score on metrics (|x -
            mean| / sd against an exponentially weighted baseline, alpha 0.05, after 12 samples);
            "a change in the last hour plus an error burst" (ERROR and CRITICAL events in the last
            5 min, counted only within an hour after a change); and the model with learning off.
            A baseline's row shows its alerts at its operating point: the threshold with the best
            precision at the online model's recall or more (the best F1 if none reaches it).

            The online replay learns at a cadence that fits the dataset: its trainer checks
            whether to publish `evaluate.publication-checks` (20) times over the replay, every
            labelled examples / 20 (`trainer.publish-every`, at least 1; the learning-off run
            counts them, and gives the same examples), with `trainer.min-window-examples` at most
            that (a candidate frozen at one check is decided at the next with that many examples
            to compare it on). With production's 1,000 and 200, a replay of a few hundred labelled examples
            would publish nothing and its online row would be the shipped model's. Publication
            by example count only (`trainer.publish-interval` 0), so that the versions do not
            depend on the wall clock. Each dataset's section gives its labelled examples and the
            versions its online replay published.

            **Ceiling.** Each section also ranks the learning-off run's labelled examples (the
            trainer's inputs: sampled snapshots, negatives weighted by their importance weights;
            so these figures are not the PR-AUC column's, which counts every scored snapshot) by
            the shipped model, by a logistic regression refit on all of them in-sample (Newton's
            method to convergence, L2 1: about the most any linear model on these features
            reaches on them), and by the best single feature, with chance (the positives'
            weighted share) beside them; and, since the in-sample refit has seen its labels, by a
            refit on the earlier half (by label time) measured on the later half, beside the
            shipped model there. This says why the online model does or does not beat learning
            off: if the refit is barely above the shipped model, learning online cannot do better
            than learning off; if it is barely above chance, the features carry no signal for the
            dataset; if it gains in-sample but not on the later half, the gain is a fit to these
            examples that learning from the past cannot carry forward. Ranking the sampled
            examples is not alerting, so the in-sample refit is also replayed through the job as
            its model, with learning off: its alerts at the same threshold, with the same
            lifecycle, and its precision over thresholds at the online model's recall, say what
            this one refit, which has seen the labels, would have warned of.

            **Warnable incidents.** The job scores a device only when it sends an event (not
            feedback), past the device's warm-up (`features.warmup`, which starts again after a
            silence longer than `features.idle-timeout`), and holds back every alert from an
            outage incident until `alerts.incident-quiet-period` after it. An incident is
            warnable if the job could have scored its device in the horizon before it; the
            job's rows (online, learning off, the refit) cannot warn of the others, so the
            warnable count bounds their recall. The baselines have no warm-up, so it does not
            bound theirs.

            Incidents are labels, never inputs of a baseline; they are inputs of the job, as in
            production (the trainer learns from them, and an incident closes its prediction).

            """;

    private static final String DATA =
            """
            Data (read in place from `../shared/datasets`, see NOTICE): the Numenta Anomaly
            Benchmark's realKnownCause series and labels (MIT, Numenta); the loghub BGL sample
            (research use; J. Zhu, S. He, P. He, J. Liu, M. R. Lyu, Loghub, ISSRE 2023); the UCI
            incident management event log exported from ServiceNow (CC BY 4.0, C. Amaral, M.
            Fantinato, S. M. Peres); and the project's fleet simulator.

            """;

    private static final String LIMITS =
            """
            ## What the figures rest on, and known limits

            - **NAB** has 15 labelled failures over six series (4 in machine_temperature, 2 or 3
              in the others), and no changes or logs: only the metric features (`metric_max_z`,
              `metric_drift`) can speak. Every incident moves recall by 1/15; a median lead over
              one or two warned incidents is an anecdote, not a figure. The labels are NAB's
              anomaly timestamps, not outage tickets.
            - **loghub BGL** is a 2,000-line random sample of seven months of one system's log:
              1,778 nodes, 1,713 of them with a single line, and a node's next line in the sample
              mostly days later. Under the job's one-hour warm-up (`features.warmup`) almost no
              node would get a score, so the dataset's own settings set it to 0 s, as an operator
              would for a log this sparse: that choice rests on the events per node, not on the
              incidents (`--features.warmup '1 h'` gives the run without it). An alert-labelled
              line is the failure itself, at the same moment as its incident, so only an earlier
              line of the same node can warn of it. By a count from the CSV, 59 of the 143
              incidents have one within the 2 h before them, and each of those is itself an
              alert-labelled line of the same burst. The job scores such a line just before its
              own incident holds alerts back (the line comes first in the replay), so a trigger
              there would count as warning the burst's later incidents: those are the warnable
              ones, and a warning of them would come when the failure is already in the log.
              The run shows that the pipeline reads the data, not whether the model would work
              on a full log.
            - **BGL's figures changed on 2026-12-03, by design.** The report of 2026-12-02 had 13
              alerts and a positive share of 0.425 on BGL (one-hour warm-up, both rows); builds
              from fbe6b7b on give 2 alerts and 0.727 (found with `git bisect` between 64e73a1
              and 2043c20, running `scripts/evaluate.sh --evaluate.datasets bgl`; 172b035 had
              already moved the alerts from 13 to 16). fbe6b7b makes `DeviceFeatures` forget a
              device that was quiet for longer than `features.idle-timeout` (48 h) at its next
              event when the watermark has not yet fired its cleanup timer. The replay then ran
              faster than the periodic watermark, so before fbe6b7b a node that came back after
              days kept its state and its warm-up, and was scored as no live job would score it;
              since, it starts afresh as it would live. By a count from the CSV of lines at least
              an hour after their node's first line: 184 when nodes are never forgotten, 81 when
              a gap of more than 48 h starts the node afresh, 46 of them with an incident on the
              node in the next 2 h either way. 172b035 likewise lets the scorer decide a passed
              deadline at the next snapshot, as its timer would have. Both make a replay give
              what a live stream gives; neither is a defect.
            - **ServiceNow** (UCI event log) has no device telemetry: only incidents (P3 and P4 are
              inputs, P1 and P2 outages) and the changes they reference, which appear when the
              service desk linked them, after the incident opened. No signal precedes an outage
              except earlier incidents at the same location. By a count from the CSV with the
              job's rules (warm-up, quiet period), 17 of the 22 warnable outages are at three busy
              locations, and the earliest event the job could have scored before each is a P3
              incident. The features count incidents only with a 24-hour half-life
              (`incidents_24h`), which stays high at a busy location whether an outage follows or
              not; in the run of 2026-12-07 even the in-sample refit, replayed through the job,
              warned of none (its section). A feature of the last hour's incidents is the next
              thing to try, but a rough check (such a count put in an unused column of the
              labelled examples, not committed) raised their ranking only a little; it would
              also change the model's width, so the shipped model would have to be retrained.
              Learning online from 165 examples cannot find what the features do not hold.
            - **The simulator** at its defaults is the world the shipped model was trained in
              (seed 1, 14 days); seeds 11 to 13 are other seeds of the same rules, so their
              figures are in distribution and the best case. Over 7 days (about 6,700 labelled
              examples and 80 to 91 outages each) the online model and learning off were within
              a few alerts of each other on all three, and the in-sample refit, replayed through
              the job, was less precise than learning off on seeds 11 and 12 and more on seed 13
              (each section), though in-sample it ranks the seed's examples better than the
              shipped model (the ceiling lines): in distribution learning online has little to
              add. In runs of 2 days (15 to 33 outages a seed) the online model was a little
              behind learning off on seeds 11 and 12 and a little ahead on seed 13.
            - **Two simulated worlds unlike the shipped model's** (seeds 21 to 23 of each) ask
              whether learning online helps where the shipped model is out of its world. With
              `simulator.degraded-error-multiplier` 1 a bad change no longer raises an error burst:
              the device fails quietly, and only its metrics and its changes tell. With
              `simulator.change-rate` 6 and `simulator.bad-change-fraction` 0.07 the fleet changes
              three times as often, each change safer. Over 7 days, with frequent changes, the
              online model's alerts were more precise than learning off's, at a higher recall, on
              all three seeds (0.479 to 0.507 against 0.252 to 0.342), with fewer alerts (188, 182
              and 203 against 286, 282 and 272). Its scores ranked no better (PR-AUC 0.490, 0.395
              and 0.497 against 0.484, 0.394 and 0.502), so what it learnt mostly moved its scores
              relative to the configured threshold rather than reordering them; learning off's
              scores, at a threshold picked for them afterwards, reach 0.388, 0.329 and 0.559 at the
              online model's recall, so by the goal's measure seed 23 is a "no". In the quiet world
              the online model warned of more outages on all three seeds (recall 0.389 to 0.505
              against 0.333 to 0.406; 4, 12 and 5 more incidents) at a little lower precision, and
              its PR-AUC rose by 0.005 to 0.008. These replays published 18 or 19 versions from
              6,640 to 7,063 examples each. In 2-day replays (`--evaluate.simulator.days 2`, runs of
              2026-12-07: 7 or 8 versions from 1,725 to 1,963 examples) the online model's alerts
              were more precise than learning off's at the same or higher recall on all six fleets,
              but by one to a few alerts, and on seeds 22 and 23 its prequential PR-AUC rose by
              0.018 at most.
            - **Why the learner moves slowly.** It resumes from the shipped model's FTRL state,
              whose per-coordinate learning rates, after 91,000 examples, are 0.00006 to 0.002.
              A warm start from the shipped coefficients with fresh step sizes instead (what
              `model.start` with the bundled model file alone, without its `.ftrl`, gives), over
              the same 7-day replays (`scripts/evaluate.sh --model.start FILE`, run of
              2026-12-07; precision / recall, against resuming from the saved state), was no
              better overall. In the quiet world it warned of more outages on all three seeds
              (seed 21 0.287 / 0.417 against 0.318 / 0.389, seed 22 0.462 / 0.621 against 0.449
              / 0.505, seed 23 0.425 / 0.522 against 0.429 / 0.478; PR-AUC up by 0.001 to
              0.024), but only seed 22's recall lies outside the resumed model's Wilson
              interval. With frequent changes it ranked no better (PR-AUC 0.486, 0.360 and
              0.496 against 0.490, 0.395 and 0.497). In the simulator's own world it traded
              recall for precision on seed 11 (0.632 / 0.718 against 0.579 / 0.753), was level
              on seed 13 (0.484 / 0.775 against 0.481 / 0.788) and worse on seed 12 (0.547 /
              0.802 against 0.605 / 0.846), with a lower PR-AUC on 12 and 13 (0.470 and 0.462
              against 0.485 and 0.484). On NAB it warned of nothing (resuming: 1 of 15). In
              2-day replays (measured with `--trainer.ftrl.alpha 0.0500001`, under which the
              saved state no longer gives back the model, so the learner warm-starts the same
              way) it cost precision and recall on seed 12 too (0.591 / 0.788 against 0.800 /
              0.879). A floor on the learning rate at
              0.002 (tried, not committed) gave a lower PR-AUC on six of nine 2-day simulated
              datasets (seeds 11 to 13, and 21 to 23 of each world). How fast to learn depends
              on how far a fleet is from the simulator's world; the shipped setting favours a
              fleet near it.
            - **Online learning** over a replay of days starts from the shipped model. A check
              freezes the learner's weights as a candidate, and a later check publishes it only
              if its prequential PR-AUC and log loss hold up against the published model's on the
              examples whose snapshots came after the labels both learnt from
              ([model.md](model.md)); so at most 19 of the 20 checks can publish. Where the online
              row equals the learning-off row, the replay did not change what scoring used in a
              way that shows in the alerts. Before 2026-12-07 the check compared the learner of
              the moment, which by each label had learnt from the same outage's other snapshots,
              and gave the published model the learner's own past scores, so it never refused a
              version. Each section's ceiling says how much there was to learn.
            - **Runs differ slightly** when learning online. The replay's watermark moves at every
              event (`EveryEventWatermarks`), so the label timers fire at the same events in every
              run and, at `evaluate.parallelism` 1, the trainer learns the same examples in the
              same order: two runs published
              the same versions with the same prequential figures at every check. But a published
              version reaches scoring by broadcast, on another input of the scorer than the
              snapshots, after a real delay, so which snapshots it scores first can change alerts
              between runs (ServiceNow: 4 or 8 online alerts in two runs, 0 of them true either
              time; seed 11 over a week: 146 or 145, 85 or 84 of them true). Making that deterministic would mean holding every snapshot back until the
              versions up to its event time have arrived, a cost on every alert in production;
              the report does not do it. With learning off, and for the baselines, a run gives
              the same figures every time.
            - Baselines are turned into alerts by one simple lifecycle; the online model's row is
              the job's own lifecycle (hysteresis, minimum duration, change windows). Their curves
              use at most 40 thresholds, so a baseline's reachable recall is what those
              thresholds give; a rule whose score is 0 most of the time (the change-and-errors rule)
              reaches at most the recall of its lowest non-zero threshold.

            """;

    private static final String NEW_DATASET =
            """
            ## Evaluating a new dataset

            Any file of one record per line in one of the job's input formats (`generic-json`,
            `servicenow`, `splunk-hec`, `panos`, `solarwinds`, `alertmanager`, `chef`, `puppet`
            JSON; see [inputs.md](inputs.md)) runs through the same command, with only the
            `mapping.*` options that say where its devices, times and priorities are:

            ```
            scripts/evaluate.sh --evaluate.datasets 'mysite=servicenow:/data/export.jsonl' \\
              --mapping.servicenow.device-field location --mapping.device.strip-domains .corp.example.com
            ```

            Several datasets are `;`-separated (`nab;mysite=splunk-hec:/data/hec.jsonl`). The
            records are read with the job's own ingest code (`RecordIngester`, the same parsers and
            mappings as production, event times not checked against the wall clock); a line that
            gives no event is counted in the report with the first error. Outage incidents must be
            in the data as incidents (ServiceNow incidents, generic JSON `"kind": "incident"` with
            a priority); `labels.outage-priorities` says which priorities count. Every job option
            (`alerts.*`, `features.*`, `model.start`, ...) can be given the same way, and a
            properties file with `--config FILE`; they apply to every dataset of the run. The
            datasets the evaluation converts itself carry their own settings where their data
            need them (BGL: `features.warmup` 0 s), named in their section; an option given on the
            command line wins over them. The report goes to `--evaluate.report FILE`.

            A simulated fleet in a world of your own takes the simulator's options
            ([configuration.md](configuration.md); all but its seed, size and pacing) after its
            seed, `&`-separated:
            `simulator:21?simulator.change-rate=6&simulator.bad-change-fraction=0.07`; its size
            is `evaluate.simulator.devices` and `evaluate.simulator.days`.

            """;
}
