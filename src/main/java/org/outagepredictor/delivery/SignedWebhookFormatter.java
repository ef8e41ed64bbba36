package org.outagepredictor.delivery;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.outagepredictor.alerting.Alert;
import org.outagepredictor.alerting.AlertJson;

/**
 * A generic JSON webhook: the body is the alert's JSON ({@link AlertJson}), signed with HMAC-SHA256
 * under the target's secret.
 *
 * <ul>
 *   <li>{@value #TIMESTAMP_HEADER}: the attempt's time, epoch seconds.
 *   <li>{@value #SIGNATURE_HEADER}: {@code sha256=} and the lower-case hex of HMAC-SHA256(secret,
 *       timestamp + "." + body), over the body's UTF-8 bytes as sent.
 * </ul>
 *
 * A receiver recomputes the HMAC, compares in constant time, and refuses timestamps more than a few
 * minutes from its clock, which stops a captured request being replayed later.
 *
 * <p>Known limits: a replay within the receiver's tolerance still verifies; receivers should also
 * drop repeats of a (dedupKey, status) pair, which retries produce anyway. No key rotation: one
 * secret per target.
 */
final class SignedWebhookFormatter implements PayloadFormatter {

    static final String SIGNATURE_HEADER = "X-Outage-Predictor-Signature";
    static final String TIMESTAMP_HEADER = "X-Outage-Predictor-Timestamp";

    private final DeliveryTarget target;

    SignedWebhookFormatter(DeliveryTarget target) {
        this.target = target;
    }

    @Override
    public DeliveryRequest format(Alert alert, Instant now) {
        String body = AlertJson.toJson(alert);
        String timestamp = Long.toString(now.getEpochSecond());
        return new DeliveryRequest(
                target.endpoint(),
                Map.of(
                        TIMESTAMP_HEADER,
                        timestamp,
                        SIGNATURE_HEADER,
                        "sha256="
                                + hmacSha256Hex(target.secret().reveal(), timestamp + "." + body)),
                body);
    }

    /** Lower-case hex of HMAC-SHA256 of {@code message}'s UTF-8 bytes under {@code key}'s. */
    static String hmacSha256Hex(String key, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            // Every JDK has HmacSHA256, and any non-empty key is valid for it.
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
