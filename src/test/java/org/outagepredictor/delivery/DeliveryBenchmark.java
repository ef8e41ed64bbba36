package org.outagepredictor.delivery;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import org.outagepredictor.alerting.Alert;
import org.outagepredictor.testutils.FakeReceiver;

/**
 * Webhook delivery throughput: {@code ALERTS} PagerDuty-style triggers through {@link
 * AlertDelivery} to a local receiver on 127.0.0.1 that accepts each at once, with {@code
 * delivery.max-in-flight} (100) alerts in flight, as the job's delivery operator keeps them. The
 * rate limit is lifted out of the way: what is measured is the client, the JSON and HTTP. A
 * benchmark, not a test: run it with scripts/bench.sh. Argument: {@code ALERTS} (default 10,000).
 */
public final class DeliveryBenchmark {

    private DeliveryBenchmark() {}

    public static void main(String[] args) throws Exception {
        int alerts = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        try (FakeReceiver receiver = FakeReceiver.start()) {
            receiver.otherwiseAnswer(FakeReceiver.Answer.status(202));
            Map<String, String> config = new HashMap<>();
            config.put("delivery.targets", "pager:pagerduty");
            config.put("delivery.target.pager.url", receiver.url("/v2/enqueue"));
            config.put("delivery.target.pager.secret-env", "PAGER_KEY");
            config.put("delivery.target.pager.rate-per-minute", "100000000");
            int inFlight = DeliveryOptions.MAX_IN_FLIGHT.defaultValue();
            try (AlertDelivery delivery =
                    AlertDelivery.start(
                            DeliveryFixtures.options(config, Map.of("PAGER_KEY", "bench-key")),
                            DeliveryFixtures.clock())) {
                deliverAll(delivery, alerts / 10, inFlight); // warm-up
                long start = System.nanoTime();
                int failed = deliverAll(delivery, alerts, inFlight);
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.println(
                        String.format(
                                Locale.ROOT,
                                "delivery: %d alerts to a local PagerDuty-like receiver, %d in"
                                        + " flight: %.2f s, %.0f alerts/s, %d not delivered",
                                alerts,
                                inFlight,
                                seconds,
                                alerts / seconds,
                                failed));
            }
        }
    }

    /** Delivers {@code count} triggers of distinct devices; returns how many were not delivered. */
    private static int deliverAll(AlertDelivery delivery, int count, int inFlight)
            throws Exception {
        Semaphore slots = new Semaphore(inFlight);
        List<CompletableFuture<List<DeliveryResult>>> results = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            slots.acquire();
            Alert alert = DeliveryFixtures.trigger("srv-" + i, "server", 0.9);
            results.add(delivery.deliver(alert).whenComplete((r, e) -> slots.release()));
        }
        int failed = 0;
        for (CompletableFuture<List<DeliveryResult>> result : results) {
            for (DeliveryResult outcome : result.get()) {
                failed += outcome.status == DeliveryStatus.DELIVERED ? 0 : 1;
            }
        }
        return failed;
    }
}
