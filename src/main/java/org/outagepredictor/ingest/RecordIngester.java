package org.outagepredictor.ingest;

import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.outagepredictor.event.OpsEvent;

/**
 * Turns one {@link RawRecord} into valid canonical events or one {@link DeadLetter}; plain Java,
 * the core of {@link ParsingDeserializer}.
 *
 * <p>In order, a record goes to the dead letters when it is a tombstone (no value), larger than
 * {@code ingest.max-record-bytes}, of an unknown format, not valid UTF-8, rejected by its format's
 * {@link RecordParser}, or when any of its events breaks the canonical event's rules: no device, no
 * kind, an event time more than {@code ingest.max-future-skew} after or {@code ingest.max-past-age}
 * before the reference time (the record's Kafka time stamp, or now if it has none), or a kind's
 * required field missing (a CHANGE's type, an ALERT's or LOG's severity, an INCIDENT's priority, a
 * METRIC's name and finite value, a FEEDBACK's reference and answer).
 *
 * <p>A record is all or nothing: if one of its events is invalid, none of them is emitted and the
 * whole record becomes the dead letter, so that replaying the dead letter cannot duplicate the
 * events that did pass.
 *
 * <p>Limits: the UTF-8 check covers every format, including JSON that declares another encoding;
 * records are decoded whole, so the size limit bounds memory per record.
 */
public final class RecordIngester implements Serializable {

    private static final long serialVersionUID = 1L;

    private final IngestOptions options;
    private final Map<InputFormat, RecordParser> parsers = new EnumMap<>(InputFormat.class);

    public RecordIngester(IngestOptions options, FieldMapping mapping) {
        this(options, format -> format.parser(mapping));
    }

    /** With the parser that {@code parsers} gives for each format. */
    RecordIngester(IngestOptions options, Function<InputFormat, RecordParser> parsers) {
        this.options = options;
        for (InputFormat format : InputFormat.values()) {
            this.parsers.put(format, parsers.apply(format));
        }
    }

    /**
     * The record's events, or its dead letter.
     *
     * @param now the wall clock in epoch milliseconds: the dead letter's time, and the reference
     *     time of a record without a Kafka time stamp
     */
    public IngestResult ingest(RawRecord record, long now) {
        try {
            return IngestResult.events(validEvents(record, now));
        } catch (MalformedRecordException e) {
            return IngestResult.deadLetter(DeadLetter.of(record, e.getMessage(), now));
        }
    }

    /**
     * Like {@link #ingest}, but without the time-window checks ({@code ingest.max-future-skew},
     * {@code ingest.max-past-age}): for history files, which have no time of reception to check
     * event times against.
     */
    public IngestResult ingestHistory(RawRecord record, long now) {
        try {
            return IngestResult.events(validEvents(record, NO_TIME_WINDOW));
        } catch (MalformedRecordException e) {
            return IngestResult.deadLetter(DeadLetter.of(record, e.getMessage(), now));
        }
    }

    /** A reference time that turns the time-window checks off. */
    private static final long NO_TIME_WINDOW = Long.MIN_VALUE;

    private List<OpsEvent> validEvents(RawRecord record, long now) throws MalformedRecordException {
        byte[] value = record.value;
        if (value == null) {
            throw new MalformedRecordException("tombstone: the record has no value");
        }
        if (value.length > options.maxRecordBytes) {
            throw new MalformedRecordException(
                    "record of "
                            + value.length
                            + " bytes exceeds ingest.max-record-bytes ("
                            + options.maxRecordBytes
                            + " bytes)");
        }
        InputFormat format;
        try {
            format = InputFormat.fromConfigName(record.format);
        } catch (IllegalArgumentException e) {
            throw new MalformedRecordException(e.getMessage());
        }
        checkUtf8(value);
        List<OpsEvent> events = parsers.get(format).parse(value);
        long reference =
                now == NO_TIME_WINDOW
                        ? NO_TIME_WINDOW
                        : record.timestamp > 0 ? record.timestamp : now;
        for (OpsEvent event : events) {
            check(event, reference);
        }
        return events;
    }

    private void check(OpsEvent event, long reference) throws MalformedRecordException {
        if (event.deviceId == null || event.deviceId.isBlank()) {
            throw new MalformedRecordException("missing device");
        }
        if (event.kind == null) {
            throw new MalformedRecordException("unknown kind: the event has none");
        }
        if (reference != NO_TIME_WINDOW
                && event.eventTime > reference + options.maxFutureSkewMillis) {
            throw new MalformedRecordException(
                    "event time "
                            + Instant.ofEpochMilli(event.eventTime)
                            + " is more than ingest.max-future-skew after the record's time "
                            + Instant.ofEpochMilli(reference));
        }
        if (reference != NO_TIME_WINDOW && event.eventTime < reference - options.maxPastAgeMillis) {
            throw new MalformedRecordException(
                    "event time "
                            + Instant.ofEpochMilli(event.eventTime)
                            + " is more than ingest.max-past-age before the record's time "
                            + Instant.ofEpochMilli(reference));
        }
        switch (event.kind) {
            case CHANGE:
                require(event.changeType != null, event, "a change type");
                break;
            case ALERT:
            case LOG:
                require(event.severity != null, event, "a severity");
                break;
            case INCIDENT:
                require(event.priority >= 1 && event.priority <= 5, event, "a priority 1 to 5");
                break;
            case METRIC:
                require(
                        event.metricName != null && Double.isFinite(event.value),
                        event,
                        "a metric name and a finite value");
                break;
            case FEEDBACK:
                require(
                        event.reference != null && event.feedback != null,
                        event,
                        "a reference and a feedback answer");
                break;
            default:
                throw new MalformedRecordException("unknown kind " + event.kind);
        }
    }

    private static void require(boolean holds, OpsEvent event, String what)
            throws MalformedRecordException {
        if (!holds) {
            throw new MalformedRecordException(event.kind + " event without " + what);
        }
    }

    /** Strict UTF-8: malformed and unmappable sequences are errors, never replaced. */
    private static void checkUtf8(byte[] value) throws MalformedRecordException {
        int i = 0;
        while (i < value.length && value[i] >= 0) {
            i++;
        }
        if (i == value.length) {
            return; // ASCII, the common case, without a decoder
        }
        ByteBuffer bytes = ByteBuffer.wrap(value);
        try {
            StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes);
        } catch (CharacterCodingException e) {
            throw new MalformedRecordException(
                    "not valid UTF-8: malformed byte sequence at offset " + bytes.position());
        }
    }
}
