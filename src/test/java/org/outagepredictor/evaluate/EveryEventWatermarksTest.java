package org.outagepredictor.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.junit.jupiter.api.Test;
import org.outagepredictor.event.OpsEvent;

/** A replay's watermark follows its events, not the wall clock. */
class EveryEventWatermarksTest {

    private final List<Long> emitted = new ArrayList<>();

    private final WatermarkOutput output =
            new WatermarkOutput() {
                @Override
                public void emitWatermark(Watermark watermark) {
                    emitted.add(watermark.getTimestamp());
                }

                @Override
                public void markIdle() {}

                @Override
                public void markActive() {}
            };

    @Test
    void emitsTheBoundedWatermarkAtEveryEventThatAdvancesIt() {
        EveryEventWatermarks watermarks = new EveryEventWatermarks(60_000);

        for (long time : new long[] {100_000, 100_000, 90_000, 160_000}) {
            watermarks.onEvent(new OpsEvent(), time, output);
        }
        watermarks.onPeriodicEmit(output);

        // The same value as Flink's bounded out-of-orderness watermark: newest - bound - 1; an
        // event at or before the newest one, and the wall clock, emit nothing.
        assertThat(emitted).containsExactly(39_999L, 99_999L);
    }
}
