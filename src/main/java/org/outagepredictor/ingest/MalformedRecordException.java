package org.outagepredictor.ingest;

/**
 * A record that cannot become {@link org.outagepredictor.event.OpsEvent}s: not the format it claims
 * to be, a required field missing or of the wrong type, a value that no mapping option covers. The
 * message names the field and says what was expected; it becomes the error of the record's {@link
 * DeadLetter}.
 */
public class MalformedRecordException extends Exception {

    private static final long serialVersionUID = 1L;

    public MalformedRecordException(String message) {
        super(message);
    }

    public MalformedRecordException(String message, Throwable cause) {
        super(message, cause);
    }
}
