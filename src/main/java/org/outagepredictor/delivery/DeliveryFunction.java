package org.outagepredictor.delivery;

import java.io.Serializable;
import java.time.Clock;
import java.util.List;
import java.util.function.Function;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.functions.async.RichAsyncFunction;
import org.outagepredictor.alerting.Alert;

/**
 * Delivers each alert to the on-call targets through Flink's async I/O ({@link AlertDelivery} does
 * the HTTP, retries, rate limits and circuit breaking): the operator keeps at most the configured
 * number of alerts in flight and emits one {@link DeliveryResult} per target an alert was routed
 * to. Never fails the job: a request that the client gives up on, and an alert that outlasts the
 * async timeout, come out as DEAD_LETTER results.
 *
 * <p>Secrets are read on the TaskManager in {@link #open} from its environment, so they are in no
 * job graph, no configuration shown by the web UI and no checkpoint: the function carries only the
 * names of the variables.
 *
 * <p>At-least-once: after a restore, alerts in flight at the checkpoint are delivered again; the
 * receivers deduplicate on the dedup key (PagerDuty, Opsgenie, Alertmanager), while Slack, Teams
 * and plain webhooks may show a repeat. Metrics: {@code deliveriesSucceeded}, {@code
 * deliveriesDeadLettered}.
 */
public class DeliveryFunction extends RichAsyncFunction<Alert, DeliveryResult> {

    private static final long serialVersionUID = 1L;

    /** Where secrets come from: the process environment, or a map in tests. */
    public interface Environment extends Function<String, String>, Serializable {}

    private final Configuration config;
    private final Environment environment;

    private transient AlertDelivery delivery;
    private transient Counter succeeded;
    private transient Counter deadLettered;

    /**
     * @param config the job's options; only the {@code delivery.*} ones are read
     * @param environment where the secrets named by {@code delivery.target.<name>.secret-env} are
     */
    public DeliveryFunction(Configuration config, Environment environment) {
        this.config = config;
        this.environment = environment;
    }

    @Override
    public void open(OpenContext openContext) {
        delivery =
                AlertDelivery.start(DeliveryOptions.from(config, environment), Clock.systemUTC());
        succeeded = getRuntimeContext().getMetricGroup().counter("deliveriesSucceeded");
        deadLettered = getRuntimeContext().getMetricGroup().counter("deliveriesDeadLettered");
    }

    @Override
    public void asyncInvoke(Alert alert, ResultFuture<DeliveryResult> resultFuture) {
        delivery.deliver(alert)
                .thenAccept(
                        results -> {
                            for (DeliveryResult result : results) {
                                (result.status == DeliveryStatus.DELIVERED
                                                ? succeeded
                                                : deadLettered)
                                        .inc();
                            }
                            resultFuture.complete(results);
                        });
    }

    @Override
    public void timeout(Alert alert, ResultFuture<DeliveryResult> resultFuture) {
        DeliveryResult result = new DeliveryResult();
        result.target = "*";
        result.dedupKey = alert.dedupKey;
        result.alertStatus = alert.status == null ? null : alert.status.name();
        result.status = DeliveryStatus.DEAD_LETTER;
        result.error = "not delivered within the async timeout of the delivery operator";
        result.finishedAt = System.currentTimeMillis();
        deadLettered.inc();
        resultFuture.complete(List.of(result));
    }

    @Override
    public void close() {
        if (delivery != null) {
            delivery.close();
        }
    }
}
