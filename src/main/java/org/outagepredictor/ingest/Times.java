package org.outagepredictor.ingest;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.Locale;

/** Parsing the time stamps of the input formats into epoch milliseconds. */
final class Times {

    /**
     * ISO-8601 date and time with an optional fraction of up to nine digits and an optional offset
     * or 'Z'; without one the time is in the zone given to {@link #parse}. Also accepts a space
     * instead of the 'T' and a space before the offset, as Ruby's YAML writes times ({@code
     * 2010-09-23 15:44:05.894401 -07:00}).
     */
    static final DateTimeFormatter ISO =
            new DateTimeFormatterBuilder()
                    .parseCaseInsensitive()
                    .append(DateTimeFormatter.ISO_LOCAL_DATE)
                    .optionalStart()
                    .appendLiteral('T')
                    .optionalEnd()
                    .optionalStart()
                    .appendLiteral(' ')
                    .optionalEnd()
                    .appendValue(ChronoField.HOUR_OF_DAY, 2)
                    .appendLiteral(':')
                    .appendValue(ChronoField.MINUTE_OF_HOUR, 2)
                    .optionalStart()
                    .appendLiteral(':')
                    .appendValue(ChronoField.SECOND_OF_MINUTE, 2)
                    .optionalEnd()
                    .optionalStart()
                    .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
                    .optionalEnd()
                    .optionalStart()
                    .appendLiteral(' ')
                    .optionalEnd()
                    .optionalStart()
                    .appendOffset("+HH:MM", "Z")
                    .optionalEnd()
                    .optionalStart()
                    .appendOffset("+HHMM", "Z")
                    .optionalEnd()
                    .toFormatter(Locale.ROOT);

    private Times() {}

    /** An ISO-8601 time; one without an offset is UTC. */
    static long iso(String text, String field) throws MalformedRecordException {
        return parse(text, ISO, ZoneId.of("UTC"), field, "ISO-8601");
    }

    /**
     * A time in the given pattern; if the text carries no offset or zone, it is read in {@code
     * zone}.
     */
    static long parse(
            String text, DateTimeFormatter format, ZoneId zone, String field, String expected)
            throws MalformedRecordException {
        try {
            TemporalAccessor parsed = format.parse(text.trim());
            if (parsed.isSupported(ChronoField.OFFSET_SECONDS)) {
                return ZonedDateTime.of(
                                LocalDateTime.from(parsed),
                                ZoneOffset.ofTotalSeconds(parsed.get(ChronoField.OFFSET_SECONDS)))
                        .toInstant()
                        .toEpochMilli();
            }
            return LocalDateTime.from(parsed).atZone(zone).toInstant().toEpochMilli();
        } catch (DateTimeException e) {
            throw new MalformedRecordException(
                    "field '"
                            + field
                            + "' is not a time in the expected format "
                            + expected
                            + ": '"
                            + abbreviate(text)
                            + "'");
        }
    }

    /** Epoch seconds with an optional fraction, as Splunk HEC sends them. */
    static long epochSeconds(double seconds) {
        return Math.round(seconds * 1000.0);
    }

    static String abbreviate(String text) {
        return text.length() <= 64 ? text : text.substring(0, 64) + "...";
    }
}
