package org.outagepredictor.delivery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A {@link DeliveryResult} as one line of JSON (its public fields by name), for the delivery
 * dead-letter topic. Results carry no secret: errors are masked by the client before they get here.
 */
public final class DeliveryResultJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private DeliveryResultJson() {}

    public static String toJson(DeliveryResult result) {
        try {
            return MAPPER.writeValueAsString(result);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A DeliveryResult always serialises", e);
        }
    }
}
