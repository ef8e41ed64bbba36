package org.outagepredictor.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.outagepredictor.evaluate.Metrics.Mark;
import org.outagepredictor.evaluate.Metrics.Operating;
import org.outagepredictor.evaluate.Metrics.Point;
import org.outagepredictor.event.EventKind;
import org.outagepredictor.event.OpsEvent;

/** The evaluation's arithmetic on examples worked by hand; times in minutes for reading. */
class MetricsTest {

    private static final long MIN = 60_000L;
    private static final long HORIZON = 120 * MIN;

    private static Mark mark(String device, long minute) {
        return new Mark(device, minute * MIN);
    }

    private static Point point(String device, long minute, double value) {
        return new Point(device, minute * MIN, value);
    }

    // Incident a@1000 has triggers at 850 (150 min before: outside the horizon), 900 and 950: the
    // earliest inside counts, a lead of 100 min. b@500 has one at 490: 10 min. c@300 has none.
    private static final List<Mark> INCIDENTS =
            List.of(mark("a", 1000), mark("b", 500), mark("c", 300));
    private static final List<Mark> TRIGGERS =
            List.of(mark("a", 850), mark("a", 900), mark("a", 950), mark("b", 490), mark("d", 100));

    @Test
    void leadIsFromTheEarliestTriggerWithinTheHorizon() {
        long[] leads = Metrics.leads(INCIDENTS, TRIGGERS, HORIZON);

        assertThat(leads).containsExactly(100 * MIN, 10 * MIN, Metrics.NOT_WARNED);
        assertThat(Metrics.medianLead(leads)).isEqualTo(55 * MIN);
        assertThat(Metrics.medianLead(new long[] {Metrics.NOT_WARNED}))
                .isEqualTo(Metrics.NOT_WARNED);
    }

    private static OpsEvent event(EventKind kind, String device, long minute) {
        OpsEvent event = OpsEvent.of(kind, device, minute * MIN);
        event.priority = kind == EventKind.INCIDENT ? 1 : 0;
        return event;
    }

    private static OpsEvent line(String device, long minute) {
        return event(EventKind.LOG, device, minute);
    }

    private static OpsEvent outage(String device, long minute) {
        return event(EventKind.INCIDENT, device, minute);
    }

    private static int warnable(List<OpsEvent> events) {
        // Horizon 120 min, quiet period 120 min, warm-up 60 min, idle timeout 1000 min.
        return Metrics.warnableIncidents(
                events,
                e -> e.kind == EventKind.INCIDENT && e.priority <= 2,
                HORIZON,
                120 * MIN,
                60 * MIN,
                1000 * MIN);
    }

    @Test
    void anIncidentIsWarnableOnlyIfTheJobCouldHaveScoredItsDeviceInTheHorizonBefore() {
        OpsEvent lowPriority = event(EventKind.INCIDENT, "h", 220);
        lowPriority.priority = 3;
        List<OpsEvent> events =
                List.of(
                        // a@300: a line at 200, past the warm-up: warnable.
                        line("a", 0),
                        line("a", 200),
                        outage("a", 300),
                        // b@300: nothing in the 120 min before it.
                        line("b", 0),
                        line("b", 100),
                        outage("b", 300),
                        // c@300: first seen 50 and 10 min before it, still warming up.
                        line("c", 250),
                        line("c", 290),
                        outage("c", 300),
                        // d@200 from 150; d@300 only from 250, in d@200's quiet period.
                        line("d", 0),
                        line("d", 150),
                        outage("d", 200),
                        line("d", 250),
                        outage("d", 300),
                        // e@3050: silent for longer than the idle timeout before 3000, which
                        // starts a new warm-up.
                        line("e", 0),
                        line("e", 3000),
                        outage("e", 3050),
                        // f@180: a line exactly at the end of the warm-up, exactly a horizon
                        // before it.
                        line("f", 0),
                        line("f", 60),
                        outage("f", 180),
                        // g@1100: a silence of exactly the idle timeout does not forget it.
                        line("g", 0),
                        line("g", 1000),
                        outage("g", 1100),
                        // h@300: a P3 incident exactly where h@100's quiet period ends.
                        line("h", 0),
                        outage("h", 100),
                        lowPriority,
                        outage("h", 300),
                        // i@150: the line logged with i@100, before it, was scored before that
                        // incident held alerts back; it is no warning of i@100 itself.
                        line("i", 0),
                        line("i", 100),
                        outage("i", 100),
                        outage("i", 150),
                        // j@300: feedback gives no score.
                        line("j", 0),
                        event(EventKind.FEEDBACK, "j", 250),
                        outage("j", 300));

        // a, d@200, f, g, h@300 and i@150.
        assertThat(warnable(events)).isEqualTo(6);
        // The incident before its line, as its own source sent it: the line is held back.
        assertThat(
                        warnable(
                                List.of(
                                        line("i", 0),
                                        outage("i", 100),
                                        line("i", 100),
                                        outage("i", 150))))
                .isZero();
    }

    @Test
    void recallCountsWarnedIncidentsWithAtLeastTheLeadAsked() {
        long[] leads = Metrics.leads(INCIDENTS, TRIGGERS, HORIZON);

        assertThat(Metrics.recall(leads, 0)).isEqualTo(2.0 / 3);
        assertThat(Metrics.recall(leads, 15 * MIN)).isEqualTo(1.0 / 3);
        assertThat(Metrics.recall(leads, 101 * MIN)).isZero();
        assertThat(Metrics.recall(new long[0], 0)).isNaN();
    }

    @Test
    void aTriggerIsTrueWhenAnIncidentFollowsOnItsDeviceWithinTheHorizon() {
        // a@850: the incident at 1000 is 150 min later, false; a@900, a@950, b@490 true; d@100 has
        // no incident, false.
        assertThat(Metrics.precision(TRIGGERS, INCIDENTS, 0, HORIZON)).isEqualTo(3.0 / 5);
        // At least 60 min ahead: only a@900 (100 min before its incident).
        assertThat(Metrics.precision(TRIGGERS, INCIDENTS, 60 * MIN, HORIZON)).isEqualTo(1.0 / 5);
        assertThat(Metrics.precision(List.of(), INCIDENTS, 0, HORIZON)).isNaN();
        // A trigger at the incident's own moment did not precede it.
        assertThat(Metrics.precision(List.of(mark("c", 300)), INCIDENTS, 0, HORIZON)).isZero();
    }

    @Test
    void averagePrecisionTakesTiesAsOneStep() {
        List<Mark> incidents = List.of(mark("x", 100));
        // By score: 0.9 positive, 0.85 negative, 0.8 positive, 0.1 negative.
        // AP = 1/2 * 1/1 + 1/2 * 2/3 = 0.8333.
        List<Point> scores =
                List.of(
                        point("x", 50, 0.9),
                        point("y", 50, 0.85),
                        point("x", 60, 0.8),
                        point("y", 60, 0.1));
        assertThat(Metrics.averagePrecision(scores, incidents, HORIZON))
                .isCloseTo(0.5 + 1.0 / 3, within(1e-12));
        assertThat(Metrics.positiveShare(scores, incidents, HORIZON)).isEqualTo(0.5);

        // A negative tied with the second positive: the step {0.8, 0.8} holds 2 of 4 seen, so the
        // second half of recall comes at precision 2/4: AP = 0.5 + 0.25.
        List<Point> tied =
                List.of(
                        point("x", 50, 0.9),
                        point("y", 50, 0.85),
                        point("x", 60, 0.8),
                        point("y", 70, 0.8),
                        point("y", 60, 0.1));
        assertThat(Metrics.averagePrecision(tied, incidents, HORIZON))
                .isCloseTo(0.75, within(1e-12));

        assertThat(Metrics.averagePrecision(scores, List.of(), HORIZON)).isNaN();
    }

    @Test
    void scoresBecomeAlertsWithCooldownAndQuietPeriod() {
        // Threshold 0.5, cooldown 30 min, quiet period 60 min; an incident at 80.
        List<Point> scores =
                List.of(
                        point("a", 0, 0.2),
                        point("a", 10, 0.6), // trigger
                        point("a", 20, 0.7), // still open
                        point("a", 30, 0.3), // resolves
                        point("a", 40, 0.9), // 10 min after the resolve: cooldown
                        point("a", 70, 0.9), // 40 min after: trigger
                        point("a", 90, 0.9), // the incident at 80 closed it; quiet period
                        point("a", 150, 0.9)); // 70 min after the incident: trigger
        List<Mark> triggers =
                Metrics.triggers(scores, List.of(mark("a", 80)), 0.5, 30 * MIN, 60 * MIN);

        assertThat(triggers).containsExactly(mark("a", 10), mark("a", 70), mark("a", 150));
    }

    @Test
    void curvePointsAndPrecisionAtEqualRecall() {
        List<Operating> curve =
                List.of(
                        new Operating(0.9, 2, 1.0, 0.2),
                        new Operating(0.5, 5, 0.6, 0.5),
                        new Operating(0.1, 20, 0.25, 0.9));

        assertThat(Metrics.precisionAtRecall(curve, 0.5)).isEqualTo(0.6);
        assertThat(Metrics.precisionAtRecall(curve, 0.3)).isEqualTo(0.6);
        assertThat(Metrics.precisionAtRecall(curve, 0.2)).isEqualTo(1.0);
        assertThat(Metrics.precisionAtRecall(curve, 0.95)).isNaN();
        assertThat(Metrics.operatingPoint(curve, 0.4)).isEqualTo(curve.get(1));
        // F1: 0.333, 0.545, 0.391.
        assertThat(Metrics.operatingPoint(curve, 0)).isEqualTo(curve.get(1));
        assertThat(Metrics.operatingPoint(curve, 0.95)).isEqualTo(curve.get(1));
    }

    @Test
    void curveOverThresholdsOfTheScores() {
        // One incident at 100 on a; a's scores rise before it, b's are noise. Out of time order:
        // each device's scores are walked in time order.
        List<Point> scores =
                List.of(
                        point("b", 90, 3),
                        point("a", 50, 2),
                        point("a", 0, 0),
                        point("b", 0, 0),
                        point("a", 90, 3),
                        point("b", 50, 1));
        List<Double> thresholds = Metrics.thresholds(scores, 10);
        assertThat(thresholds).containsExactly(3.0, 2.0, 1.0);

        List<Operating> curve =
                Metrics.curve(scores, List.of(mark("a", 100)), thresholds, HORIZON, 0, 0);
        // 3: a@90 and b@90, one true. 2: a@50 (and a stays open), b@90. 1: a@50, b@50.
        assertThat(curve)
                .containsExactly(
                        new Operating(3.0, 2, 0.5, 1.0),
                        new Operating(2.0, 2, 0.5, 1.0),
                        new Operating(1.0, 2, 0.5, 1.0));
        assertThat(Metrics.thresholds(scores, 2)).containsExactly(3.0, 1.0);
    }

    @Test
    void wilsonIntervalsOfShares() {
        // Reference values of the 95% Wilson score interval.
        Metrics.Interval none = Metrics.wilsonInterval(0, 10);
        assertThat(none.low()).isEqualTo(0.0);
        assertThat(none.high()).isCloseTo(0.2775, within(1e-4));
        Metrics.Interval all = Metrics.wilsonInterval(10, 10);
        assertThat(all.low()).isCloseTo(0.7225, within(1e-4));
        assertThat(all.high()).isCloseTo(1.0, within(1e-9));
        Metrics.Interval some = Metrics.wilsonInterval(92, 152);
        assertThat(some.low()).isCloseTo(0.5259, within(1e-4));
        assertThat(some.high()).isCloseTo(0.6795, within(1e-4));
        assertThat(Metrics.wilsonInterval(0, 0)).isNull();
        assertThatIllegalArgumentException().isThrownBy(() -> Metrics.wilsonInterval(5, 4));
        assertThatIllegalArgumentException().isThrownBy(() -> Metrics.wilsonInterval(-1, 4));
    }

    @Test
    void eachPointOfTheCurveIsTheAlertsOfItsThreshold() {
        // Two devices, incidents on both, a cooldown and a quiet period in play, scores out of
        // order: the curve's alerts at each threshold are those of triggers() at that threshold.
        List<Point> scores = new ArrayList<>();
        for (int minute = 0; minute < 600; minute += 10) {
            scores.add(point("a", 600 - minute, (minute * 7 % 11) / 10.0));
            scores.add(point("b", minute, (minute * 5 % 13) / 12.0));
        }
        List<Mark> incidents = List.of(mark("a", 95), mark("a", 400), mark("b", 250));
        List<Double> thresholds = Metrics.thresholds(scores, 8);

        List<Operating> curve =
                Metrics.curve(scores, incidents, thresholds, HORIZON, 30 * MIN, 60 * MIN);

        assertThat(curve).hasSize(thresholds.size());
        for (int i = 0; i < thresholds.size(); i++) {
            List<Mark> alerts =
                    Metrics.triggers(scores, incidents, thresholds.get(i), 30 * MIN, 60 * MIN);
            assertThat(curve.get(i))
                    .isEqualTo(
                            new Operating(
                                    thresholds.get(i),
                                    alerts.size(),
                                    Metrics.precision(alerts, incidents, 0, HORIZON),
                                    Metrics.recall(Metrics.leads(incidents, alerts, HORIZON), 0)));
        }
        // The thresholds give different alerts: the walk starts afresh at each.
        assertThat(curve.stream().map(Operating::triggers).distinct().count()).isGreaterThan(2);
    }
}
