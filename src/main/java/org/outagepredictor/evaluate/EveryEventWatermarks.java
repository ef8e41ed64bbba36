package org.outagepredictor.evaluate;

import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.outagepredictor.event.OpsEvent;

/**
 * The job's bounded out-of-orderness watermark (the newest event time so far minus {@code
 * source.max-out-of-orderness}), emitted at every event that advances it instead of every 200 ms of
 * wall-clock time. A replay runs days of event time in seconds: with periodic watermarks, how far
 * event time had got when each one was taken depended on the machine's speed, and with it which
 * label and cleanup timers fired during the replay, and so the labelled examples (on BGL, 52 in one
 * run and 301 in another). With a watermark per event, the timers fire at the same events in every
 * run, as they fire in a live stream whose watermark follows event time.
 */
final class EveryEventWatermarks implements WatermarkGenerator<OpsEvent> {

    private final long boundMillis;
    private long newest = Long.MIN_VALUE;

    EveryEventWatermarks(long boundMillis) {
        this.boundMillis = boundMillis;
    }

    /** Event time from {@link OpsEvent#eventTime}, watermarks as above. */
    static WatermarkStrategy<OpsEvent> strategy(long boundMillis) {
        return WatermarkStrategy.<OpsEvent>forGenerator(
                        ctx -> new EveryEventWatermarks(boundMillis))
                .withTimestampAssigner((event, previous) -> event.eventTime);
    }

    @Override
    public void onEvent(OpsEvent event, long eventTimestamp, WatermarkOutput output) {
        if (eventTimestamp > newest) {
            newest = eventTimestamp;
            output.emitWatermark(new Watermark(newest - boundMillis - 1));
        }
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {}
}
