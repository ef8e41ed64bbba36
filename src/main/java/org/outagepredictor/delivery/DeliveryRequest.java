package org.outagepredictor.delivery;

import java.net.URI;
import java.util.Map;

/**
 * One HTTP POST to a receiver: where, which headers, which body (JSON).
 *
 * <p>{@link #toString()} leaves out the URL, the headers and the body: they may hold a secret
 * (Slack and Teams URLs, Opsgenie's Authorization header) or a full payload.
 *
 * <p>Known limit: POST with a JSON body is all it describes; every receiver here needs no more.
 */
public final class DeliveryRequest {

    private final URI uri;
    private final Map<String, String> headers;
    private final String body;

    public DeliveryRequest(URI uri, Map<String, String> headers, String body) {
        this.uri = uri;
        this.headers = Map.copyOf(headers);
        this.body = body;
    }

    public URI uri() {
        return uri;
    }

    /** Headers besides {@code Content-Type: application/json}, which every request has. */
    public Map<String, String> headers() {
        return headers;
    }

    public String body() {
        return body;
    }

    @Override
    public String toString() {
        return "POST (" + body.length() + " chars)";
    }
}
