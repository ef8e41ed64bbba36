package org.outagepredictor.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.util.List;
import org.outagepredictor.event.OpsEvent;

/**
 * Base of the parsers: keeps the {@link RecordParser} promise that nothing but a {@link
 * MalformedRecordException} leaves {@link #parse}. Invalid JSON or YAML becomes an error that gives
 * the parser's message and position (never the record's content, which the dead letter carries
 * anyway); any other exception is a parser bug and says so, with its class, so that it is found in
 * the dead-letter topic rather than restarting the job forever.
 */
abstract class AbstractRecordParser implements RecordParser {

    private static final long serialVersionUID = 1L;

    /** The format's name in errors, e.g. "ServiceNow". */
    private final String formatName;

    AbstractRecordParser(String formatName) {
        this.formatName = formatName;
    }

    @Override
    public final List<OpsEvent> parse(byte[] value) throws MalformedRecordException {
        try {
            return parseRecord(value);
        } catch (JsonProcessingException e) {
            throw new MalformedRecordException(
                    "invalid " + formatName + " record: " + Json.describe(e), e);
        } catch (IOException e) {
            throw new MalformedRecordException(
                    "unreadable " + formatName + " record: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new MalformedRecordException(
                    formatName + " parser failed unexpectedly (" + e + ")", e);
        }
    }

    /** Parses one record; throws {@link MalformedRecordException} naming the field at fault. */
    abstract List<OpsEvent> parseRecord(byte[] value) throws MalformedRecordException, IOException;

    String formatName() {
        return formatName;
    }
}
