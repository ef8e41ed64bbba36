package org.outagepredictor.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.outagepredictor.delivery.DeliveryFixtures.CANARY;
import static org.outagepredictor.testutils.FakeReceiver.Answer.hangUp;
import static org.outagepredictor.testutils.FakeReceiver.Answer.slow;
import static org.outagepredictor.testutils.FakeReceiver.Answer.status;
import static org.outagepredictor.testutils.FakeReceiver.Answer.tooManyRequests;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.outagepredictor.testutils.FakeReceiver;
import org.outagepredictor.testutils.FakeReceiver.Received;

/**
 * Retries, backoff, rate limit and circuit breaker of {@link WebhookClient} against a real receiver
 * on 127.0.0.1 that answers from a script. Timings are measured where the receiver sees the
 * requests arrive.
 */
class WebhookClientTest {

    private static final long SECOND_NANOS = TimeUnit.SECONDS.toNanos(1);

    private FakeReceiver receiver;
    private ScheduledExecutorService scheduler;
    private HttpClient http;

    @BeforeEach
    void start() throws Exception {
        receiver = FakeReceiver.start();
        scheduler = Executors.newSingleThreadScheduledExecutor();
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
        receiver.close();
    }

    @Test
    void aTooManyRequestsIsRetriedNoSoonerThanItsRetryAfter() throws Exception {
        receiver.thenAnswer(tooManyRequests("1"), status(202));

        DeliveryResult result =
                deliver(client(receiver.url("/hook"), Map.of("delivery.backoff-cap", "2 s")));

        assertThat(result.status).isEqualTo(DeliveryStatus.DELIVERED);
        assertThat(result.attempts).isEqualTo(2);
        assertThat(result.httpStatus).isEqualTo(202);
        List<Received> requests = receiver.requests();
        assertThat(requests.get(1).arrivedNanos - requests.get(0).arrivedNanos)
                .isGreaterThanOrEqualTo(SECOND_NANOS);
    }

    @Test
    void aRetryAfterBeyondTheBackoffCapIsADeadLetterAtOnce() throws Exception {
        receiver.thenAnswer(tooManyRequests("3600"));

        DeliveryResult result = deliver(client(receiver.url("/hook"), Map.of()));

        assertThat(result.status).isEqualTo(DeliveryStatus.DEAD_LETTER);
        assertThat(result.attempts).isEqualTo(1);
        assertThat(result.httpStatus).isEqualTo(429);
        assertThat(result.error).contains("Retry-After 3600 s");
    }

    @Test
    void serverErrorsAreRetriedUntilSuccess() throws Exception {
        receiver.thenAnswer(status(500), status(503));

        DeliveryResult result = deliver(client(receiver.url("/hook"), Map.of()));

        assertThat(result.status).isEqualTo(DeliveryStatus.DELIVERED);
        assertThat(result.attempts).isEqualTo(3);
        assertThat(result.error).isNull();
        assertThat(receiver.requestCount()).isEqualTo(3);
        List<Received> requests = receiver.requests();
        // Backoff 50 ms then 100 ms, each at least half of that with jitter.
        assertThat(requests.get(1).arrivedNanos - requests.get(0).arrivedNanos)
                .isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(25));
        assertThat(requests.get(2).arrivedNanos - requests.get(1).arrivedNanos)
                .isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(50));
    }

    @Test
    void aTimeoutIsRetried() throws Exception {
        receiver.thenAnswer(slow(Duration.ofMillis(1500)));

        long start = System.nanoTime();
        DeliveryResult result = deliver(client(receiver.url("/hook"), Map.of()));

        assertThat(result.status).isEqualTo(DeliveryStatus.DELIVERED);
        assertThat(result.attempts).isEqualTo(2);
        // The client gave up on the slow answer after its 300 ms timeout, not 1.5 s later.
        assertThat(System.nanoTime() - start).isLessThan(TimeUnit.MILLISECONDS.toNanos(1400));
    }

    @Test
    void aConnectionClosedWithoutAnswerIsRetried() throws Exception {
        receiver.thenAnswer(hangUp(), hangUp());

        DeliveryResult result = deliver(client(receiver.url("/hook"), Map.of()));

        assertThat(result.status).isEqualTo(DeliveryStatus.DELIVERED);
        assertThat(result.attempts).isEqualTo(3);
        assertThat(receiver.requestCount()).isEqualTo(3);
    }

    @Test
    void aBadRequestIsNotRetried() throws Exception {
        receiver.thenAnswer(status(400, "{\"message\":\"Event object is invalid\"}"));

        DeliveryResult result = deliver(client(receiver.url("/hook"), Map.of()));

        assertThat(result.status).isEqualTo(DeliveryStatus.DEAD_LETTER);
        assertThat(result.attempts).isEqualTo(1);
        assertThat(result.httpStatus).isEqualTo(400);
        assertThat(result.error).isEqualTo("HTTP 400: {\"message\":\"Event object is invalid\"}");
        // Longer than any backoff of these options: no second request is on its way.
        Thread.sleep(400);
        assertThat(receiver.requestCount()).isEqualTo(1);
    }

    @Test
    void aReceiverThatStaysDownGetsBoundedAttemptsThenTheAlertIsADeadLetter() throws Exception {
        String down;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            down = "http://127.0.0.1:" + socket.getLocalPort() + "/hook";
        }

        long start = System.nanoTime();
        DeliveryResult result = deliver(client(down, Map.of()));

        assertThat(result.status).isEqualTo(DeliveryStatus.DEAD_LETTER);
        assertThat(result.attempts).isEqualTo(4);
        assertThat(result.httpStatus).isZero();
        assertThat(result.error).startsWith("ConnectException");
        assertThat(result.target).isEqualTo("hook");
        assertThat(result.dedupKey).isEqualTo("outage-predictor:fw-000007:1767236700000");
        assertThat(result.alertStatus).isEqualTo("TRIGGER");
        // Three waits of at most the 200 ms cap.
        assertThat(System.nanoTime() - start).isLessThan(3 * SECOND_NANOS);
    }

    @Test
    void theCircuitOpensFailsFastAndClosesAfterTheCoolDownOnceTheReceiverIsBack() throws Exception {
        receiver.otherwiseAnswer(status(503));
        WebhookClient client =
                client(
                        receiver.url("/hook"),
                        Map.of(
                                "delivery.max-attempts", "1",
                                "delivery.circuit.failures", "3",
                                "delivery.circuit.cool-down", "700 ms"));

        for (int i = 0; i < 3; i++) {
            DeliveryResult failed = deliver(client);
            assertThat(failed.status).isEqualTo(DeliveryStatus.DEAD_LETTER);
            assertThat(failed.httpStatus).isEqualTo(503);
        }
        assertThat(client.circuitState()).isEqualTo(CircuitBreaker.State.OPEN);
        for (int i = 0; i < 5; i++) {
            DeliveryResult fastFailed = deliver(client);
            assertThat(fastFailed.status).isEqualTo(DeliveryStatus.DEAD_LETTER);
            assertThat(fastFailed.attempts).isZero();
            assertThat(fastFailed.error).isEqualTo("circuit open");
        }
        assertThat(receiver.requestCount()).isEqualTo(3);

        // After the cool-down one trial goes through; it fails, and the circuit opens again.
        Thread.sleep(800);
        assertThat(deliver(client).attempts).isEqualTo(1);
        assertThat(deliver(client).error).isEqualTo("circuit open");
        assertThat(receiver.requestCount()).isEqualTo(4);

        receiver.otherwiseAnswer(status(202));
        Thread.sleep(800);
        DeliveryResult resumed = deliver(client);
        assertThat(resumed.status).isEqualTo(DeliveryStatus.DELIVERED);
        assertThat(client.circuitState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(deliver(client).status).isEqualTo(DeliveryStatus.DELIVERED);
        assertThat(receiver.requestCount()).isEqualTo(6);
    }

    @Test
    void theRateLimitSpacesRequestsOut() throws Exception {
        // 120 per minute: a burst of 2, then one every 500 ms.
        WebhookClient client =
                client(
                        receiver.url("/hook"),
                        Map.of("delivery.target.hook.rate-per-minute", "120"));

        CompletableFuture<?>[] results = new CompletableFuture<?>[4];
        for (int i = 0; i < results.length; i++) {
            results[i] = client.deliver(DeliveryFixtures.trigger());
        }
        CompletableFuture.allOf(results).get(10, TimeUnit.SECONDS);

        List<Received> requests = receiver.requests();
        assertThat(requests).hasSize(4);
        long first = requests.get(0).arrivedNanos;
        assertThat(requests.get(2).arrivedNanos - first)
                .isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(450));
        assertThat(requests.get(3).arrivedNanos - first)
                .isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(950));
    }

    @Test
    void retryAfterIsReadAsSecondsOrAsAnHttpDate() {
        Instant now = Instant.parse("2026-10-21T07:27:30Z");

        assertThat(WebhookClient.retryAfter("7", now)).isEqualTo(Duration.ofSeconds(7));
        assertThat(WebhookClient.retryAfter("Wed, 21 Oct 2026 07:28:00 GMT", now))
                .isEqualTo(Duration.ofSeconds(30));
        assertThat(WebhookClient.retryAfter("Wed, 21 Oct 2026 07:00:00 GMT", now))
                .isEqualTo(Duration.ZERO);
        assertThat(WebhookClient.retryAfter("soon", now)).isNull();
        assertThat(WebhookClient.retryAfter(null, now)).isNull();
    }

    @Test
    void backoffDoublesWithJitterUpToTheCap() {
        WebhookClient client = client(receiver.url("/hook"), Map.of());

        for (int i = 0; i < 100; i++) {
            assertThat(client.backoffMillis(1)).isBetween(25L, 50L);
            assertThat(client.backoffMillis(2)).isBetween(50L, 100L);
            assertThat(client.backoffMillis(3)).isBetween(100L, 200L);
            assertThat(client.backoffMillis(40)).isBetween(100L, 200L);
        }
    }

    private WebhookClient client(String url, Map<String, String> overrides) {
        Map<String, String> config = new HashMap<>(DeliveryFixtures.fastRetries());
        config.put("delivery.targets", "hook:webhook");
        config.put("delivery.target.hook.url", url);
        config.put("delivery.target.hook.secret-env", "HOOK_KEY");
        config.putAll(overrides);
        DeliveryOptions options = DeliveryFixtures.options(config, Map.of("HOOK_KEY", CANARY));
        return new WebhookClient(
                options.targets.get(0), options, http, scheduler, DeliveryFixtures.clock());
    }

    private static DeliveryResult deliver(WebhookClient client) throws Exception {
        return client.deliver(DeliveryFixtures.trigger()).get(10, TimeUnit.SECONDS);
    }
}
