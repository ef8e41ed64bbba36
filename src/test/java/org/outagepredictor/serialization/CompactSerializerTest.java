package org.outagepredictor.serialization;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class CompactSerializerTest {

    private static final long NOW = 1_767_225_600_000L; // 2026-01-01

    private static List<Long> edgeLongs() {
        List<Long> values =
                new ArrayList<>(
                        List.of(
                                0L,
                                1L,
                                -1L,
                                127L,
                                128L,
                                Long.MIN_VALUE,
                                Long.MIN_VALUE + 1,
                                Long.MAX_VALUE,
                                Long.MAX_VALUE - 1,
                                NOW,
                                -NOW));
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 1000; i++) {
            values.add(random.nextLong());
        }
        return values;
    }

    @Test
    void varLongsRoundTripEveryLongInOneByteBelow128() throws Exception {
        for (long value : edgeLongs()) {
            DataOutputSerializer out = new DataOutputSerializer(16);
            CompactSerializer.writeVarLong(value, out);
            DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
            assertThat(CompactSerializer.readVarLong(in)).isEqualTo(value);
            assertThat(in.available()).isZero();
            if (value >= 0 && value < 128) {
                assertThat(out.length()).isEqualTo(1);
            }
            assertThat(out.length()).isLessThanOrEqualTo(10);
        }
    }

    @Test
    void timesRoundTripExactlyAgainstAnyBase() throws Exception {
        List<Long> values = edgeLongs();
        for (long base : values.subList(0, 20)) {
            for (long time : values) {
                DataOutputSerializer out = new DataOutputSerializer(16);
                CompactSerializer.writeTime(time, base, out);
                DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
                assertThat(CompactSerializer.readTime(base, in))
                        .as("time %d against base %d", time, base)
                        .isEqualTo(time);
                assertThat(in.available()).isZero();
            }
        }
    }

    @Test
    void timesNearTheirBaseAndTheSentinelsTakeFewBytes() throws Exception {
        assertThat(timeBytes(Long.MIN_VALUE, NOW)).isEqualTo(1);
        assertThat(timeBytes(Long.MAX_VALUE, NOW)).isEqualTo(1);
        assertThat(timeBytes(NOW, NOW)).isEqualTo(1);
        assertThat(timeBytes(NOW - 60_000, NOW)).isEqualTo(3);
        assertThat(timeBytes(NOW + 24 * 3_600_000L, NOW)).isEqualTo(4);
        assertThat(timeBytes(NOW - 24 * 3_600_000L, NOW)).isEqualTo(4);
        assertThat(timeBytes(Long.MIN_VALUE + 1, NOW)).isLessThanOrEqualTo(10);
    }

    private static int timeBytes(long time, long base) throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(16);
        CompactSerializer.writeTime(time, base, out);
        return out.length();
    }
}
