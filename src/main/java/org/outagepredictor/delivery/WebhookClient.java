package org.outagepredictor.delivery;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.outagepredictor.alerting.Alert;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers alerts to one target over HTTP, asynchronously, and reports each alert's final outcome
 * as a {@link DeliveryResult}; the returned future never completes exceptionally.
 *
 * <p>Per attempt: the request is formatted, the target's {@link CircuitBreaker} is asked (open:
 * dead letter at once, no request), the {@link TokenBucket} says when the request may go, and
 * {@code java.net.http} sends it with {@code delivery.request-timeout}. Then:
 *
 * <ul>
 *   <li>2xx: delivered.
 *   <li>429: retried after {@code Retry-After} (seconds or an HTTP date), or after the backoff if
 *       it has none; a Retry-After beyond {@code delivery.backoff-cap} is a dead letter.
 *   <li>5xx, timeout, refused or reset connection: retried after a capped exponential backoff with
 *       jitter ({@code backoff-base × 2^(n-1)}, at most {@code backoff-cap}, drawn between half and
 *       all of it), up to {@code delivery.max-attempts} requests.
 *   <li>Any other answer (400, 401, 404, 3xx): a dead letter without retry; a retry would get the
 *       same answer.
 * </ul>
 *
 * Waits run on the given scheduler; no caller thread ever sleeps.
 *
 * <p>Known limits: a request that timed out may still have arrived, so a retry can deliver twice;
 * PagerDuty, Opsgenie and Alertmanager deduplicate on the dedup key, Slack, Teams and plain
 * webhooks do not. Retries and rate-limit waits live in memory: alerts in flight when the process
 * dies are lost unless the caller (Flink's async operator, which checkpoints its queue) replays
 * them.
 */
public final class WebhookClient {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookClient.class);

    /** Longest slice of a refusing receiver's answer kept in {@link DeliveryResult#error}. */
    private static final int MAX_ERROR_BODY = 200;

    private final DeliveryTarget target;
    private final PayloadFormatter formatter;
    private final HttpClient http;
    private final ScheduledExecutorService scheduler;
    private final Clock clock;
    private final Duration requestTimeout;
    private final int maxAttempts;
    private final long backoffBaseMillis;
    private final long backoffCapMillis;
    private final TokenBucket rateLimiter;
    private final CircuitBreaker circuit;
    private final Set<Delivery> pending = ConcurrentHashMap.newKeySet();

    /**
     * @param http shared by all targets; HTTP/1.1 suits every receiver here
     * @param scheduler runs retries and rate-limit waits; owned by the caller
     * @param clock for request time stamps, Retry-After dates and result times
     */
    public WebhookClient(
            DeliveryTarget target,
            DeliveryOptions options,
            HttpClient http,
            ScheduledExecutorService scheduler,
            Clock clock) {
        this.target = target;
        this.formatter = PayloadFormatter.forTarget(target, options);
        this.http = http;
        this.scheduler = scheduler;
        this.clock = clock;
        this.requestTimeout = options.requestTimeout;
        this.maxAttempts = options.maxAttempts;
        this.backoffBaseMillis = options.backoffBase.toMillis();
        this.backoffCapMillis = options.backoffCap.toMillis();
        this.rateLimiter = new TokenBucket(target.ratePerMinute(), System::nanoTime);
        this.circuit =
                new CircuitBreaker(
                        options.circuitFailures,
                        options.circuitCoolDown.toNanos(),
                        System::nanoTime);
    }

    public DeliveryTarget target() {
        return target;
    }

    CircuitBreaker.State circuitState() {
        return circuit.state();
    }

    /**
     * Delivers {@code alert}.
     *
     * @return completes with the outcome once it is decided; never exceptionally
     */
    public CompletableFuture<DeliveryResult> deliver(Alert alert) {
        Delivery delivery = new Delivery(alert);
        pending.add(delivery);
        guarded(delivery, () -> attempt(delivery));
        return delivery.outcome;
    }

    private void attempt(Delivery delivery) {
        DeliveryRequest request = formatter.format(delivery.alert, clock.instant());
        if (!circuit.tryAcquire()) {
            delivery.error =
                    delivery.error == null
                            ? "circuit open"
                            : "circuit open (before: " + delivery.error + ")";
            finish(delivery, DeliveryStatus.DEAD_LETTER);
            return;
        }
        long waitNanos = rateLimiter.reserve();
        if (waitNanos == 0) {
            send(delivery, request);
        } else {
            LOG.debug(
                    "Rate limit of target {}: {} waits {} ms",
                    target.name(),
                    delivery.alert.dedupKey,
                    TimeUnit.NANOSECONDS.toMillis(waitNanos));
            scheduler.schedule(
                    () -> guarded(delivery, () -> send(delivery, request)),
                    waitNanos,
                    TimeUnit.NANOSECONDS);
        }
    }

    private void send(Delivery delivery, DeliveryRequest request) {
        delivery.attempts++;
        CompletableFuture<HttpResponse<String>> response;
        try {
            HttpRequest.Builder builder =
                    HttpRequest.newBuilder(request.uri())
                            .timeout(requestTimeout)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(request.body()));
            request.headers().forEach(builder::header);
            response = http.sendAsync(builder.build(), HttpResponse.BodyHandlers.ofString());
        } catch (RuntimeException e) {
            response = CompletableFuture.failedFuture(e);
        }
        response.whenComplete(
                (answer, failure) -> guarded(delivery, () -> onOutcome(delivery, answer, failure)));
    }

    private void onOutcome(Delivery delivery, HttpResponse<String> answer, Throwable failure) {
        if (failure != null) {
            Throwable cause =
                    failure instanceof CompletionException && failure.getCause() != null
                            ? failure.getCause()
                            : failure;
            delivery.httpStatus = 0;
            delivery.error = describe(cause);
            recordFailure();
            if (cause instanceof IOException) {
                retry(delivery, null);
            } else {
                finish(delivery, DeliveryStatus.DEAD_LETTER);
            }
            return;
        }
        int status = answer.statusCode();
        delivery.httpStatus = status;
        if (status >= 200 && status < 300) {
            circuit.onSuccess();
            delivery.error = null;
            finish(delivery, DeliveryStatus.DELIVERED);
        } else if (status == 429) {
            circuit.onSuccess();
            delivery.error = "HTTP 429";
            retry(
                    delivery,
                    retryAfter(
                            answer.headers().firstValue("Retry-After").orElse(null),
                            clock.instant()));
        } else if (status >= 500) {
            recordFailure();
            delivery.error = "HTTP " + status;
            retry(delivery, null);
        } else {
            circuit.onSuccess();
            String body = answer.body() == null ? "" : answer.body().strip();
            delivery.error =
                    "HTTP "
                            + status
                            + (body.isEmpty()
                                    ? ""
                                    : ": "
                                            + target.masked(
                                                    AlertSummary.truncate(body, MAX_ERROR_BODY)));
            finish(delivery, DeliveryStatus.DEAD_LETTER);
        }
    }

    private void recordFailure() {
        if (circuit.onFailure()) {
            LOG.warn(
                    "Circuit of delivery target {} is open: deliveries fail at once until a"
                            + " trial request succeeds",
                    target.name());
        }
    }

    /** Schedules the next attempt, or gives up. {@code retryAfter} is the receiver's wish. */
    private void retry(Delivery delivery, Duration retryAfter) {
        if (delivery.attempts >= maxAttempts) {
            finish(delivery, DeliveryStatus.DEAD_LETTER);
            return;
        }
        long delayMillis;
        if (retryAfter != null) {
            if (retryAfter.toMillis() > backoffCapMillis) {
                delivery.error +=
                        ", Retry-After " + retryAfter.toSeconds() + " s is beyond the backoff cap";
                finish(delivery, DeliveryStatus.DEAD_LETTER);
                return;
            }
            delayMillis = retryAfter.toMillis();
        } else {
            delayMillis = backoffMillis(delivery.attempts);
        }
        LOG.debug(
                "Retrying {} to target {} in {} ms after attempt {}: {}",
                delivery.alert.dedupKey,
                target.name(),
                delayMillis,
                delivery.attempts,
                delivery.error);
        scheduler.schedule(
                () -> guarded(delivery, () -> attempt(delivery)),
                delayMillis,
                TimeUnit.MILLISECONDS);
    }

    /** Capped exponential backoff after {@code failedAttempts}, with "equal jitter". */
    long backoffMillis(int failedAttempts) {
        // 2^30 times any sane base fits a long; beyond that the cap has long taken over.
        long exponential =
                Math.min(backoffCapMillis, backoffBaseMillis << Math.min(failedAttempts - 1, 30));
        return exponential / 2
                + (long) (ThreadLocalRandom.current().nextDouble() * (exponential / 2.0));
    }

    /**
     * The wait a {@code Retry-After} header asks for: delay-seconds or an HTTP date ({@code Wed, 21
     * Oct 2026 07:28:00 GMT}); {@code null} if absent or unreadable, zero if the date has passed.
     */
    static Duration retryAfter(String header, Instant now) {
        if (header == null) {
            return null;
        }
        String value = header.trim();
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value)));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at =
                        ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME)
                                .toInstant();
                Duration wait = Duration.between(now, at);
                return wait.isNegative() ? Duration.ZERO : wait;
            } catch (DateTimeParseException notDate) {
                return null;
            }
        }
    }

    private String describe(Throwable cause) {
        String message = cause.getMessage();
        return target.masked(
                cause.getClass().getSimpleName() + (message == null ? "" : ": " + message));
    }

    /** Runs a step; whatever it throws ends the delivery as a dead letter instead of escaping. */
    private void guarded(Delivery delivery, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            delivery.error = "not sent: " + describe(e);
            finish(delivery, DeliveryStatus.DEAD_LETTER);
        }
    }

    private void finish(Delivery delivery, DeliveryStatus status) {
        DeliveryResult result = new DeliveryResult();
        result.target = target.name();
        result.targetType = target.type().key();
        result.dedupKey = delivery.alert.dedupKey;
        result.alertStatus = String.valueOf(delivery.alert.status);
        result.status = status;
        result.attempts = delivery.attempts;
        result.httpStatus = delivery.httpStatus;
        result.error = delivery.error;
        result.finishedAt = clock.millis();
        if (status == DeliveryStatus.DEAD_LETTER) {
            LOG.warn(
                    "Dead letter: {} {} to target {} after {} attempt(s): {}",
                    result.alertStatus,
                    result.dedupKey,
                    result.target,
                    result.attempts,
                    result.error);
        } else {
            LOG.debug(
                    "Delivered {} {} to target {} in {} attempt(s)",
                    result.alertStatus,
                    result.dedupKey,
                    result.target,
                    result.attempts);
        }
        pending.remove(delivery);
        delivery.outcome.complete(result);
    }

    /**
     * Ends every delivery still under way as a dead letter ({@code delivery closed}); for when the
     * scheduler is stopped and their retries will never run.
     */
    void abandonPending() {
        for (Delivery delivery : pending) {
            delivery.error =
                    delivery.error == null
                            ? "delivery closed"
                            : "delivery closed (before: " + delivery.error + ")";
            finish(delivery, DeliveryStatus.DEAD_LETTER);
        }
    }

    /** One alert on its way to this target; its fields change only on one thread at a time. */
    private static final class Delivery {
        final Alert alert;
        final CompletableFuture<DeliveryResult> outcome = new CompletableFuture<>();
        // Attempts follow each other (each is scheduled by the previous one's outcome), and
        // handing over through the executor and the HTTP client orders the writes.
        int attempts;
        int httpStatus;
        String error;

        Delivery(Alert alert) {
            this.alert = alert;
        }
    }
}
