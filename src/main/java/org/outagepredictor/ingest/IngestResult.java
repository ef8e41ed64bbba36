package org.outagepredictor.ingest;

import java.util.List;
import org.outagepredictor.event.OpsEvent;

/** What {@link RecordIngester} made of one record: its events, or its dead letter. */
public final class IngestResult {

    private final List<OpsEvent> events;
    private final DeadLetter deadLetter;

    private IngestResult(List<OpsEvent> events, DeadLetter deadLetter) {
        this.events = events;
        this.deadLetter = deadLetter;
    }

    static IngestResult events(List<OpsEvent> events) {
        return new IngestResult(events, null);
    }

    static IngestResult deadLetter(DeadLetter deadLetter) {
        return new IngestResult(List.of(), deadLetter);
    }

    /** The record's events, possibly none; empty for a dead letter. */
    public List<OpsEvent> events() {
        return events;
    }

    /** The dead letter, or {@code null} if the record was valid. */
    public DeadLetter deadLetter() {
        return deadLetter;
    }

    public boolean isDeadLetter() {
        return deadLetter != null;
    }
}
