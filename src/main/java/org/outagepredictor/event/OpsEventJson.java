package org.outagepredictor.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.util.Preconditions;

/**
 * The canonical event as one line of JSON: the fields of {@link OpsEvent} by name, enums by name,
 * {@code null} fields left out, times in epoch milliseconds. The format of history files (see
 * docs/model.md), which the simulator writes and the bootstrap trainer reads.
 */
public final class OpsEventJson {

    private static final ObjectMapper MAPPER =
            new ObjectMapper()
                    .setSerializationInclusion(JsonInclude.Include.NON_NULL)
                    // Lines written by a newer version, with fields this one lacks, still load.
                    .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private OpsEventJson() {}

    public static String toJson(OpsEvent event) {
        try {
            return MAPPER.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("An OpsEvent always serialises: " + event, e);
        }
    }

    /**
     * Reads one line.
     *
     * @throws IllegalArgumentException if it is not JSON of an event, or lacks the device, kind or
     *     event time
     */
    public static OpsEvent fromJson(String line) {
        OpsEvent event;
        try {
            event = MAPPER.readValue(line, OpsEvent.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Not a JSON event: " + e.getOriginalMessage(), e);
        }
        Preconditions.checkArgument(event != null, "Not a JSON event: null");
        Preconditions.checkArgument(event.deviceId != null, "Event without deviceId");
        Preconditions.checkArgument(event.kind != null, "Event without kind");
        Preconditions.checkArgument(event.eventTime > 0, "Event without eventTime");
        return event;
    }
}
