package org.outagepredictor.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One-off and weekly maintenance windows, device globs, and the errors bad entries give. */
class MaintenanceWindowsTest {

    private static long at(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }

    private static MaintenanceWindows windows(String... entries) {
        return MaintenanceWindows.parse(List.of(entries), "alerts.maintenance-windows");
    }

    @Test
    void aOneOffWindowHoldsFromItsStartUntilJustBeforeItsEnd() {
        MaintenanceWindows windows = windows("db-01=2026-12-05T22:00:00Z/2026-12-06T02:00:00Z");

        assertThat(windows.holding("db-01", at("2026-12-05T21:59:59.999Z"))).isNull();
        assertThat(windows.holding("db-01", at("2026-12-05T22:00:00Z")))
                .isEqualTo("db-01=2026-12-05T22:00:00Z/2026-12-06T02:00:00Z");
        assertThat(windows.holding("DB-01", at("2026-12-06T01:59:59Z"))).isNotNull();
        assertThat(windows.holding("db-01", at("2026-12-06T02:00:00Z"))).isNull();
        assertThat(windows.holding("db-011", at("2026-12-05T23:00:00Z"))).isNull();
    }

    @Test
    void weeklyWindowsRepeatAndMayCrossMidnightAndTheWeekEnd() {
        // 2026-12-06 is a Sunday, 2026-12-07 a Monday.
        MaintenanceWindows windows =
                windows("rt-*=SAT 22:00/SUN 02:00", "fw-?=sun 23:00/mon 01:00");

        assertThat(windows.holding("rt-core-1", at("2026-12-05T22:00:00Z"))).isNotNull();
        assertThat(windows.holding("rt-core-1", at("2026-12-06T01:59:00Z"))).isNotNull();
        assertThat(windows.holding("rt-core-1", at("2026-12-06T02:00:00Z"))).isNull();
        assertThat(windows.holding("rt-core-1", at("2026-12-12T23:30:00Z")))
                .as("a week later")
                .isNotNull();
        assertThat(windows.holding("fw-1", at("2026-12-06T23:30:00Z"))).isNotNull();
        assertThat(windows.holding("fw-1", at("2026-12-07T00:30:00Z"))).isNotNull();
        assertThat(windows.holding("fw-1", at("2026-12-07T01:00:00Z"))).isNull();
        assertThat(windows.holding("fw-12", at("2026-12-06T23:30:00Z"))).as("? is one").isNull();
        assertThat(windows.holding("srv-1", at("2026-12-05T23:00:00Z"))).isNull();
    }

    @Test
    void badEntriesAreRejectedNamingTheKeyAndTheEntry() {
        for (String bad :
                List.of(
                        "no-equals",
                        "=SUN 02:00/SUN 04:00",
                        "db=SUN 02:00",
                        "db=FUNDAY 02:00/SUN 04:00",
                        "db=SUN 25:00/SUN 04:00",
                        "db=SUN 02:00/SUN 02:00",
                        "db=2026-12-06T02:00:00Z/2026-12-05T22:00:00Z",
                        "db=2026-13-06T02:00:00Z/2026-12-07T22:00:00Z")) {
            assertThatThrownBy(() -> windows(bad))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("alerts.maintenance-windows entry '" + bad + "'");
        }
    }
}
