package org.outagepredictor.delivery;

import java.net.http.HttpClient;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.outagepredictor.alerting.Alert;
import org.outagepredictor.alerting.AlertStatus;

/**
 * Routes each alert to the targets that take it and delivers it to all of them at once: the entry
 * point for the Flink async operator, whose {@code asyncInvoke} completes its result future with
 * {@link #deliver}'s list.
 *
 * <p>Routing: a TRIGGER goes to each target whose device classes include the alert's and whose
 * {@code min-severity} its severity reaches. Its RESOLVE carries the trigger's severity (the scorer
 * keeps it in keyed state), so it reaches the same targets, after a restart too. A REFRESH goes
 * only to the targets of that routing whose type takes refreshes (Alertmanager).
 */
public final class AlertDelivery implements AutoCloseable {

    private final ScheduledExecutorService scheduler;
    private final List<WebhookClient> clients = new ArrayList<>();

    private AlertDelivery(DeliveryOptions options, Clock clock) {
        this.scheduler =
                Executors.newSingleThreadScheduledExecutor(
                        runnable -> {
                            Thread thread = new Thread(runnable, "alert-delivery-scheduler");
                            thread.setDaemon(true);
                            return thread;
                        });
        HttpClient http =
                HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(options.requestTimeout)
                        .build();
        for (DeliveryTarget target : options.targets) {
            clients.add(new WebhookClient(target, options, http, scheduler, clock));
        }
    }

    /** A deliverer for the configured targets; {@link #close()} stops its scheduler. */
    public static AlertDelivery start(DeliveryOptions options, Clock clock) {
        return new AlertDelivery(options, clock);
    }

    /**
     * Delivers the alert to every target that takes it.
     *
     * @return one result per target the alert was routed to (empty if none); never exceptionally
     */
    public CompletableFuture<List<DeliveryResult>> deliver(Alert alert) {
        List<CompletableFuture<DeliveryResult>> results = new ArrayList<>();
        for (WebhookClient client : clients) {
            DeliveryTarget target = client.target();
            if (target.takes(alert.deviceClass, alert.severity)
                    && (alert.status != AlertStatus.REFRESH || target.type().takesRefresh())) {
                results.add(client.deliver(alert));
            }
        }
        return CompletableFuture.allOf(results.toArray(new CompletableFuture<?>[0]))
                .thenApply(done -> results.stream().map(CompletableFuture::join).toList());
    }

    /**
     * Stops the scheduler and ends deliveries still under way (waiting to retry, or for the rate
     * limit) as dead letters, so that no future is left incomplete.
     */
    @Override
    public void close() {
        scheduler.shutdownNow();
        clients.forEach(WebhookClient::abandonPending);
    }
}
