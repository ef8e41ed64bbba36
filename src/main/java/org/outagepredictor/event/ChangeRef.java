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

    public ChangeRef() {}

    public static ChangeRef of(OpsEvent change) {
        ChangeRef ref = new ChangeRef();
        ref.id = change.reference;
        ref.source = change.source;
        ref.time = change.eventTime;
        ref.summary = change.summary;
        ref.changeType = change.changeType;
        ref.failed = change.failed;
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
                && Objects.equals(id, that.id)
                && Objects.equals(source, that.source)
                && Objects.equals(summary, that.summary)
                && changeType == that.changeType;
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
