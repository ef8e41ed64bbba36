package org.outagepredictor.features;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.outagepredictor.serialization.CompactSerializer;

/**
 * Serializes {@link PendingExamples} for keyed state: the waiting snapshots' times and their
 * feature values as 4-byte floats, half the bytes of doubles. Lossless, because the values are
 * rounded to float when a snapshot starts waiting ({@link Labeller#offer}), so a device's examples
 * are the same on every state backend and after any restore.
 */
public final class PendingExamplesSerializer extends CompactSerializer<PendingExamples> {

    private static final long serialVersionUID = 1L;

    public static final PendingExamplesSerializer INSTANCE = new PendingExamplesSerializer();

    private PendingExamplesSerializer() {}

    @Override
    public PendingExamples createInstance() {
        return new PendingExamples();
    }

    @Override
    public PendingExamples copy(PendingExamples from) {
        PendingExamples copy = new PendingExamples();
        copy.times = from.times.clone();
        copy.values = new double[from.values.length][];
        for (int i = 0; i < copy.values.length; i++) {
            copy.values[i] = from.values[i].clone();
        }
        copy.lastSampledTime = from.lastSampledTime;
        return copy;
    }

    @Override
    public void serialize(PendingExamples pending, DataOutputView out) throws IOException {
        out.writeLong(pending.lastSampledTime);
        int size = pending.times.length;
        writeVarInt(size, out);
        for (int i = 0; i < size; i++) {
            out.writeLong(pending.times[i]);
            double[] values = pending.values[i];
            writeVarInt(values.length, out);
            for (double value : values) {
                out.writeFloat((float) value);
            }
        }
    }

    @Override
    public PendingExamples deserialize(DataInputView in) throws IOException {
        PendingExamples pending = new PendingExamples();
        pending.lastSampledTime = in.readLong();
        int size = readVarInt(in);
        pending.times = new long[size];
        pending.values = new double[size][];
        for (int i = 0; i < size; i++) {
            pending.times[i] = in.readLong();
            double[] values = new double[readVarInt(in)];
            for (int v = 0; v < values.length; v++) {
                values[v] = in.readFloat();
            }
            pending.values[i] = values;
        }
        return pending;
    }

    @Override
    public TypeSerializerSnapshot<PendingExamples> snapshotConfiguration() {
        return new PendingExamplesSerializerSnapshot();
    }

    /** Only the encoding above, version {@value CompactSerializer.Snapshot#FIRST_VERSION}. */
    public static final class PendingExamplesSerializerSnapshot
            extends CompactSerializer.Snapshot<PendingExamples> {

        public PendingExamplesSerializerSnapshot() {
            super(INSTANCE);
        }
    }
}
