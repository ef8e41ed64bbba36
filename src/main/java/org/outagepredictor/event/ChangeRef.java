package org.outagepredictor.event;

import java.util.Objects;

/** A short reference to a change, kept per device to explain predictions. A Flink POJO. */
public class ChangeRef {
    /** The change's id in its source (change number, Puppet run id, Chef run id). */
    public String id;

    public String source;
    public long time;
    public String summary;
    public ChangeType changeType;
    public boolean failed;

    /** End of the change's approved window, epoch ms ({@link OpsEvent#windowEnd}); 0 if none. */
    public long windowEnd;

    /**
     * Where a person can read the change in its source, from {@code alerts.change-links}; set in
     * alerts only, {@code null} in state.
     */
    public String link;

    public ChangeRef() {}

    public static ChangeRef of(OpsEvent change) {
        ChangeRef ref = new ChangeRef();
        ref.id = change.reference;
        ref.source = change.source;
        ref.time = change.eventTime;
        ref.summary = change.summary;
        ref.changeType = change.changeType;
        ref.failed = change.failed;
        ref.windowEnd = change.windowEnd;
        return ref;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ChangeRef)) {
            return false;
        }
        ChangeRef that = (ChangeRef) o;
        return time == that.time
                && failed == that.failed
                && windowEnd == that.windowEnd
                && Objects.equals(id, that.id)
                && Objects.equals(source, that.source)
                && Objects.equals(summary, that.summary)
                && changeType == that.changeType
                && Objects.equals(link, that.link);
    }

    /** A copy of this reference with {@link #link} set. */
    public ChangeRef withLink(String link) {
        ChangeRef copy = new ChangeRef();
        copy.id = id;
        copy.source = source;
        copy.time = time;
        copy.summary = summary;
        copy.changeType = changeType;
        copy.failed = failed;
        copy.windowEnd = windowEnd;
        copy.link = link;
        return copy;
    }

    /**
     * Whether the change was approved (not UNAUTHORISED) and its window holds {@code time}: work
     * that people planned and are watching.
     */
    public boolean approvedWindowHolds(long time) {
        return changeType != ChangeType.UNAUTHORISED
                && windowEnd > this.time
                && time >= this.time
                && time < windowEnd;
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, source, time);
    }

    @Override
    public String toString() {
        return id + " (" + source + ", " + changeType + (failed ? ", failed" : "") + ")";
    }
}
