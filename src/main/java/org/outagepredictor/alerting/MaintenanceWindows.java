package org.outagepredictor.alerting;

import java.io.Serializable;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.apache.flink.util.Preconditions;

/**
 * Configured maintenance windows ({@code alerts.maintenance-windows}): times in which no prediction
 * opens for the devices a window names, because people are working on them and expect them to
 * misbehave.
 *
 * <p>An entry is {@code DEVICES=FROM/TO}. {@code DEVICES} is a device id or a glob ({@code *} any
 * run of characters, {@code ?} one), matched without regard to case. {@code FROM/TO} is either two
 * ISO-8601 instants, a one-off window ({@code 2026-12-05T22:00:00Z/2026-12-06T02:00:00Z}), or two
 * weekday-and-time pairs in UTC, a weekly window ({@code SUN 02:00/SUN 04:00}; {@code SAT 22:00/SUN
 * 02:00} crosses midnight). A window holds from FROM, inclusive, to TO, exclusive.
 *
 * <p>Known limits: weekly windows are in UTC only; there is no calendar of holidays.
 */
public final class MaintenanceWindows implements Serializable {

    private static final long serialVersionUID = 1L;

    private static final long WEEK_MILLIS = 7L * 24 * 3600 * 1000;

    /** 1970-01-01 was a Thursday: the offset of Monday 00:00 before it, in a week. */
    private static final long EPOCH_WEEK_OFFSET = 3L * 24 * 3600 * 1000;

    private final List<Window> windows;

    private MaintenanceWindows(List<Window> windows) {
        this.windows = windows;
    }

    /**
     * Parses the entries of {@code key}.
     *
     * @throws IllegalArgumentException naming the key and the entry that is wrong
     */
    public static MaintenanceWindows parse(List<String> entries, String key) {
        List<Window> windows = new ArrayList<>();
        for (String entry : entries) {
            try {
                windows.add(Window.parse(entry.trim()));
            } catch (IllegalArgumentException | DateTimeParseException e) {
                throw new IllegalArgumentException(
                        key
                                + " entry '"
                                + entry
                                + "' is not DEVICES=FROM/TO with ISO-8601 instants or weekly"
                                + " 'SUN 02:00' times: "
                                + e.getMessage(),
                        e);
            }
        }
        return new MaintenanceWindows(List.copyOf(windows));
    }

    /** The entry of the first window holding {@code deviceId} at {@code time}, or {@code null}. */
    public String holding(String deviceId, long time) {
        for (Window window : windows) {
            if (window.holds(deviceId, time)) {
                return window.entry;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return windows.toString();
    }

    /** One entry: which devices, and when. */
    private static final class Window implements Serializable {

        private static final long serialVersionUID = 1L;

        final String entry;
        final Pattern devices;

        /** One-off: epoch millis; weekly: millis since Monday 00:00 UTC. */
        final long from;

        final long to;
        final boolean weekly;

        private Window(String entry, Pattern devices, long from, long to, boolean weekly) {
            this.entry = entry;
            this.devices = devices;
            this.from = from;
            this.to = to;
            this.weekly = weekly;
        }

        static Window parse(String entry) {
            int equals = entry.indexOf('=');
            Preconditions.checkArgument(equals > 0, "no '=' after the devices");
            String[] times = entry.substring(equals + 1).split("/", -1);
            Preconditions.checkArgument(times.length == 2, "FROM/TO needs exactly one '/'");
            Pattern devices = glob(entry.substring(0, equals).trim());
            String from = times[0].trim();
            String to = times[1].trim();
            if (Character.isDigit(from.charAt(0))) {
                long start = Instant.parse(from).toEpochMilli();
                long end = Instant.parse(to).toEpochMilli();
                Preconditions.checkArgument(end > start, "TO must be after FROM");
                return new Window(entry, devices, start, end, false);
            }
            long start = weekTime(from);
            long end = weekTime(to);
            Preconditions.checkArgument(end != start, "TO must differ from FROM");
            return new Window(entry, devices, start, end, true);
        }

        boolean holds(String deviceId, long time) {
            if (!devices.matcher(deviceId).matches()) {
                return false;
            }
            if (!weekly) {
                return time >= from && time < to;
            }
            long inWeek = Math.floorMod(time + EPOCH_WEEK_OFFSET, WEEK_MILLIS);
            // A window that crosses the end of the week (SUN 22:00/MON 02:00) wraps around.
            return from < to ? inWeek >= from && inWeek < to : inWeek >= from || inWeek < to;
        }

        /** {@code SUN 02:00} as milliseconds since Monday 00:00. */
        private static long weekTime(String text) {
            String[] parts = text.split("\\s+");
            Preconditions.checkArgument(parts.length == 2, "'%s' is not 'DAY HH:MM'", text);
            DayOfWeek day = null;
            for (DayOfWeek candidate : DayOfWeek.values()) {
                if (candidate
                        .getDisplayName(TextStyle.SHORT, Locale.ROOT)
                        .equalsIgnoreCase(parts[0])) {
                    day = candidate;
                }
            }
            Preconditions.checkArgument(day != null, "'%s' is not MON to SUN", parts[0]);
            LocalTime clock = LocalTime.parse(parts[1]);
            return (day.getValue() - 1) * 24L * 3600 * 1000 + clock.toSecondOfDay() * 1000L;
        }

        private static Pattern glob(String devices) {
            Preconditions.checkArgument(!devices.isEmpty(), "no devices before '='");
            StringBuilder regex = new StringBuilder();
            for (char c : devices.toCharArray()) {
                if (c == '*') {
                    regex.append(".*");
                } else if (c == '?') {
                    regex.append('.');
                } else {
                    regex.append(Pattern.quote(String.valueOf(c)));
                }
            }
            return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE);
        }

        @Override
        public String toString() {
            return entry;
        }
    }
}
