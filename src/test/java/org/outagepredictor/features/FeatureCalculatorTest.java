package org.outagepredictor.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.outagepredictor.event.ChangeType;
import org.outagepredictor.event.EventKind;
import org.outagepredictor.event.OpsEvent;
import org.outagepredictor.event.Severity;

class FeatureCalculatorTest {

    private static final long MINUTE = 60_000L;
    private static final long HOUR = 60 * MINUTE;
    private static final long T0 = 1_767_225_600_000L; // 2026-01-01T00:00:00Z

    private final FeatureCalculator calculator = new FeatureCalculator(noWarmup());

    /** The default options without warm-up, so that a device's first event already counts. */
    static FeatureOptions noWarmup() {
        Configuration config = new Configuration();
        config.set(FeatureOptions.WARMUP, Duration.ZERO);
        return FeatureOptions.from(config);
    }

    @Test
    void errorBurstAfterAChangeRaisesBurstAndInteractionFeatures() {
        DeviceState state = null;
        // A day of quiet operation: one INFO log every 10 minutes, one warning an hour.
        for (long t = T0; t < T0 + 24 * HOUR; t += 10 * MINUTE) {
            state = fold(state, log(t, t % HOUR == 0 ? Severity.WARNING : Severity.INFO));
        }
        FeatureSnapshot quiet = calculator.snapshot("srv-1", state);
        assertThat(quiet.get(Feature.ERROR_BURST)).isLessThan(0.1);
        assertThat(quiet.get(Feature.CHANGE_RECENCY)).isZero();
        assertThat(quiet.get(Feature.RECENT_CHANGE_X_ERROR_BURST)).isZero();

        long changeTime = T0 + 24 * HOUR;
        state = fold(state, change(changeTime, "CHG1", ChangeType.UNAUTHORISED, true));
        for (int i = 1; i <= 20; i++) {
            state = fold(state, log(changeTime + i * 15_000L, Severity.ERROR));
        }
        FeatureSnapshot afterChange = calculator.snapshot("srv-1", state);
        // About 16 decayed errors against none expected, each side with the prior of 2 added.
        assertThat(afterChange.get(Feature.ERROR_BURST)).isGreaterThan(1.8);
        assertThat(afterChange.get(Feature.ERRORS_5M))
                .isGreaterThan(quiet.get(Feature.ERRORS_5M) + 2);
        assertThat(afterChange.get(Feature.CHANGE_RECENCY)).isGreaterThan(0.9);
        assertThat(afterChange.get(Feature.RECENT_CHANGE_X_ERROR_BURST)).isGreaterThan(1.7);
        assertThat(afterChange.get(Feature.UNAUTHORISED_CHANGES_24H))
                .isCloseTo(Math.log(2), within(0.01));
        assertThat(afterChange.get(Feature.FAILED_CHANGES_1H)).isGreaterThan(0.6);
        assertThat(afterChange.get(Feature.BIAS)).isEqualTo(1.0);
        assertThat(afterChange.recentChanges).extracting(c -> c.id).containsExactly("CHG1");
        assertThat(afterChange.values).hasSize(Feature.COUNT);
    }

    @Test
    void oneErrorOnAQuietDeviceIsNoBurst() {
        DeviceState state = null;
        for (long t = T0; t < T0 + 24 * HOUR; t += 10 * MINUTE) {
            state = fold(state, log(t, Severity.INFO));
        }
        state = fold(state, log(T0 + 24 * HOUR, Severity.ERROR));
        FeatureSnapshot snapshot = calculator.snapshot("srv-1", state);
        assertThat(snapshot.get(Feature.ERROR_BURST)).isBetween(0.0, 0.45);
        assertThat(snapshot.get(Feature.ERRORS_5M)).isCloseTo(Math.log(2), within(1e-9));
    }

    @Test
    void metricZScoreAndDriftFollowASteppedMetric() {
        DeviceState state = null;
        for (int i = 0; i < 200; i++) {
            state =
                    fold(
                            state,
                            metric(T0 + i * MINUTE, "temperature", 40 + (i % 2 == 0 ? 0.5 : -0.5)));
        }
        FeatureSnapshot steady = calculator.snapshot("db-1", state);
        assertThat(steady.get(Feature.METRIC_MAX_Z)).isLessThan(1.5);
        assertThat(steady.get(Feature.METRIC_DRIFT)).isLessThan(1.0);

        for (int i = 200; i < 210; i++) {
            state = fold(state, metric(T0 + i * MINUTE, "temperature", 48));
        }
        FeatureSnapshot hot = calculator.snapshot("db-1", state);
        assertThat(hot.get(Feature.METRIC_MAX_Z)).isGreaterThan(3.0);
        assertThat(hot.get(Feature.METRIC_DRIFT)).isGreaterThan(3.0);
        assertThat(hot.get(Feature.METRIC_MAX_Z)).isLessThanOrEqualTo(10.0);

        // A metric that stops reporting stops counting.
        state = fold(state, log(T0 + 210 * MINUTE + 20 * MINUTE, Severity.INFO));
        assertThat(calculator.snapshot("db-1", state).get(Feature.METRIC_MAX_Z)).isZero();
    }

    @Test
    void recentChangesAreKeptNewestFirstAndBounded() {
        Configuration config = new Configuration();
        config.set(FeatureOptions.RECENT_CHANGES, 3);
        config.set(FeatureOptions.WARMUP, Duration.ZERO);
        FeatureCalculator small = new FeatureCalculator(FeatureOptions.from(config));
        DeviceState state = small.newState(change(T0, "CHG1", ChangeType.PLANNED, false));
        for (int i = 1; i <= 5; i++) {
            small.update(state, change(T0 + i * MINUTE, "CHG" + i, ChangeType.PLANNED, false));
        }
        // A late change older than every kept one is dropped; one in between is inserted.
        small.update(state, change(T0, "CHG0", ChangeType.PLANNED, false));
        small.update(
                state, change(T0 + 4 * MINUTE + 30_000L, "CHG4b", ChangeType.EMERGENCY, false));
        assertThat(small.snapshot("rtr-1", state).recentChanges)
                .extracting(c -> c.id)
                .containsExactly("CHG5", "CHG4b", "CHG4");
    }

    @Test
    void snapshotsAreRateLimitedExceptForChanges() {
        DeviceState state = calculator.newState(log(T0, Severity.INFO));
        OpsEvent first = log(T0, Severity.INFO);
        calculator.update(state, first);
        assertThat(calculator.shouldSnapshot(state, first)).isTrue();
        calculator.snapshot("fw-1", state);

        OpsEvent soon = log(T0 + 10_000L, Severity.ERROR);
        calculator.update(state, soon);
        assertThat(calculator.shouldSnapshot(state, soon)).isFalse();

        OpsEvent change = change(T0 + 20_000L, "CHG9", ChangeType.PLANNED, false);
        calculator.update(state, change);
        assertThat(calculator.shouldSnapshot(state, change)).isTrue();
        calculator.snapshot("fw-1", state);

        OpsEvent later = log(T0 + 20_000L + MINUTE, Severity.INFO);
        calculator.update(state, later);
        assertThat(calculator.shouldSnapshot(state, later)).isTrue();
    }

    @Test
    void warmingUpDeviceGivesNoSnapshotAndItsRatesAreExtrapolatedAfterwards() {
        FeatureCalculator withWarmup = new FeatureCalculator(FeatureOptions.defaults());
        DeviceState state = withWarmup.newState(log(T0, Severity.WARNING));
        // Twelve warnings an hour, starting with the device's first event.
        for (long t = T0; t < T0 + HOUR; t += 5 * MINUTE) {
            OpsEvent event = log(t, Severity.WARNING);
            withWarmup.update(state, event);
            assertThat(withWarmup.shouldSnapshot(state, event)).as("at %s", t - T0).isFalse();
        }
        OpsEvent afterAnHour = log(T0 + HOUR, Severity.WARNING);
        withWarmup.update(state, afterAnHour);
        assertThat(withWarmup.shouldSnapshot(state, afterAnHour)).isTrue();
        // The steady 24-hour count of 12 an hour is 12 * 24 / ln 2 = 415.5; an hour of data
        // estimates it instead of reporting the 12 seen so far.
        double alerts24h = Math.expm1(withWarmup.snapshot("srv-1", state).get(Feature.ALERTS_24H));
        assertThat(alerts24h).isBetween(380.0, 460.0);
    }

    @Test
    void metricSlotsAreBoundedAndReusedForTheStalestName() {
        Configuration config = new Configuration();
        config.set(FeatureOptions.MAX_METRICS_PER_DEVICE, 2);
        config.set(FeatureOptions.WARMUP, Duration.ZERO);
        FeatureCalculator small = new FeatureCalculator(FeatureOptions.from(config));
        DeviceState state = small.newState(metric(T0, "a", 1));
        small.update(state, metric(T0, "a", 1));
        small.update(state, metric(T0 + 1, "b", 1));
        small.update(state, metric(T0 + 2, "c", 1));
        assertThat(state.metricNames).containsExactly("c", "b");
    }

    @Test
    void invalidOptionsAreRejectedWithTheirKey() {
        Configuration config = new Configuration();
        config.set(FeatureOptions.IDLE_TIMEOUT, Duration.ofMinutes(5));
        assertThatThrownBy(() -> FeatureOptions.from(config))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("features.idle-timeout");
    }

    private DeviceState fold(DeviceState state, OpsEvent event) {
        DeviceState s = state == null ? calculator.newState(event) : state;
        calculator.update(s, event);
        return s;
    }

    static OpsEvent log(long time, Severity severity) {
        OpsEvent event = OpsEvent.of(EventKind.LOG, "dev", time);
        event.severity = severity;
        return event;
    }

    static OpsEvent change(long time, String id, ChangeType type, boolean failed) {
        OpsEvent event = OpsEvent.of(EventKind.CHANGE, "dev", time);
        event.reference = id;
        event.source = "test";
        event.changeType = type;
        event.failed = failed;
        return event;
    }

    static OpsEvent metric(long time, String name, double value) {
        OpsEvent event = OpsEvent.of(EventKind.METRIC, "dev", time);
        event.metricName = name;
        event.value = value;
        return event;
    }
}
