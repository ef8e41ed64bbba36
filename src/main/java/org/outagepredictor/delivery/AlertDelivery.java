package org.outagepredictor.delivery;

import java.net.http.HttpClient;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * {@code min-severity} its severity reaches. A RESOLVE follows its TRIGGER: it is sent with the
 * severity the trigger had, to the targets that took the trigger. For that, the severities of the
 * last {@value #REMEMBERED_TRIGGERS} open triggers are kept in memory.
 *
 * <p>Known limits: that memory is lost on restart and is per instance. A RESOLVE whose TRIGGER is
 * not remembered goes to every target taking the device class, whatever its minimum severity, and
 * carries the severity of its own probability (so Alertmanager may see other labels than the
 * trigger's). Keyed state in the Flink operator would fix both.
 */
public final class AlertDelivery implements AutoCloseable {

    static final int REMEMBERED_TRIGGERS = 10_000;

    private final DeliveryOptions options;
    private final ScheduledExecutorService scheduler;
    private final List<WebhookClient> clients = new ArrayList<>();
    private final Map<String, AlertSeverity> triggerSeverities =
            new LinkedHashMap<>() {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, AlertSeverity> eldest) {
                    return size() > REMEMBERED_TRIGGERS;
                }
            };

    private AlertDelivery(DeliveryOptions options, Clock clock) {
        this.options = options;
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
        AlertSeverity triggered = null;
        AlertSeverity severity;
        if (alert.status == AlertStatus.RESOLVE) {
            synchronized (triggerSeverities) {
                triggered = triggerSeverities.remove(alert.dedupKey);
            }
            severity = triggered != null ? triggered : options.severityOf(alert.probability);
        } else {
            severity = options.severityOf(alert.probability);
            synchronized (triggerSeverities) {
                triggerSeverities.put(alert.dedupKey, severity);
            }
        }
        List<CompletableFuture<DeliveryResult>> results = new ArrayList<>();
        for (WebhookClient client : clients) {
            DeliveryTarget target = client.target();
            boolean routed =
                    alert.status == AlertStatus.RESOLVE && triggered == null
                            ? target.takesDeviceClass(alert.deviceClass)
                            : target.takes(alert.deviceClass, severity);
            if (routed) {
                results.add(client.deliver(alert, severity));
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
