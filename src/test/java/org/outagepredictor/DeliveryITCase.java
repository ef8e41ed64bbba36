package org.outagepredictor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.StreamSupport;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.outagepredictor.alerting.Alert;
import org.outagepredictor.alerting.AlertPolicyOptions;
import org.outagepredictor.alerting.AlertStatus;
import org.outagepredictor.delivery.DeliveryFunction;
import org.outagepredictor.delivery.DeliveryOptions;
import org.outagepredictor.delivery.DeliveryResult;
import org.outagepredictor.delivery.DeliveryStatus;
import org.outagepredictor.features.FeatureOptions;
import org.outagepredictor.simulate.FleetSource;
import org.outagepredictor.simulate.SimulatorOptions;
import org.outagepredictor.testutils.CapturedLogs;
import org.outagepredictor.testutils.CollectingSink;
import org.outagepredictor.testutils.FakeReceiver;
import org.outagepredictor.testutils.MiniClusters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job pages through Flink async I/O: every alert of a simulated run reaches a PagerDuty-like
 * receiver that first answers 500 and 429 before it accepts, each trigger with its resolve under
 * one dedup key, no incident paged twice, and no refresh sent to it; and a canary routing key, read
 * from a file named by {@code PD_ROUTING_KEY_FILE} as an operator would mount it, reaches the
 * receiver but appears in no byte of the submitted job graph, in nothing the web UI's REST API
 * shows of the job and the cluster, and in no log line of the job's code.
 */
class DeliveryITCase {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryITCase.class);

    @RegisterExtension static final MiniClusterExtension CLUSTER = MiniClusters.oneTaskManager(2);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** The routing key of the secrets test: it must show up at PagerDuty and nowhere else. */
    private static final String CANARY = "canary-routing-key-5be1d07c";

    @Test
    void everyAlertIsPagedOnceDespiteFailuresOfTheReceiver() throws Exception {
        try (FakeReceiver pagerDuty = FakeReceiver.start()) {
            pagerDuty
                    .thenAnswer(
                            FakeReceiver.Answer.status(500),
                            FakeReceiver.Answer.tooManyRequests("1"))
                    .otherwiseAnswer(FakeReceiver.Answer.status(202));
            Configuration options = pagerDutyJob(pagerDuty, 80);
            options.set(DeliveryOptions.BACKOFF_BASE, Duration.ofMillis(100));
            CollectingSink<Alert> alerts = new CollectingSink<>();
            CollectingSink<DeliveryResult> results = new CollectingSink<>();

            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setParallelism(2);
            new PredictionJob(
                            options,
                            PredictionJob.loadStartModel(options),
                            FleetSource.create(SimulatorOptions.from(options), 200_000L, 0),
                            alerts)
                    .withDeliveryResultSink(results)
                    .withDeliveryEnvironment(Map.of("PD_ROUTING_KEY", "canary-routing-key")::get)
                    .execute(env);

            // Refreshes of open alerts go only to receivers that need them (Alertmanager), so
            // PagerDuty gets the triggers and resolves.
            List<Alert> all = alerts.results();
            assertThat(all)
                    .as("open alerts are refreshed every 5 min of event time")
                    .anyMatch(a -> a.status == AlertStatus.REFRESH);
            List<Alert> sent = all.stream().filter(a -> a.status != AlertStatus.REFRESH).toList();
            assertThat(sent).as("alerts in the run").isNotEmpty();
            assertThat(results.results())
                    .as("one delivery per alert, all delivered")
                    .hasSameSizeAs(sent)
                    .allSatisfy(r -> assertThat(r.status).isEqualTo(DeliveryStatus.DELIVERED));

            // Each alert is one (dedup key, action) pair: a trigger or a resolve. The receiver got
            // each pair once, except the two requests it failed, which came again.
            Map<String, Integer> requestsByPair = new HashMap<>();
            for (FakeReceiver.Received request : pagerDuty.requests()) {
                JsonNode event = JSON.readTree(request.body);
                assertThat(event.get("routing_key").asText()).isEqualTo("canary-routing-key");
                String pair =
                        event.get("dedup_key").asText() + " " + event.get("event_action").asText();
                requestsByPair.merge(pair, 1, Integer::sum);
            }
            assertThat(requestsByPair).as("alerts paged").hasSize(sent.size());
            // docs/alerting.md shows such a page (with a ServiceNow suspect), as "A real page".
            pagerDuty.requests().stream()
                    .map(request -> request.body)
                    .filter(body -> body.contains("\"event_action\":\"trigger\""))
                    .filter(body -> body.contains("service-now.com"))
                    .findFirst()
                    .ifPresent(
                            body ->
                                    LOG.info(
                                            "First page: {}",
                                            body.replace("canary-routing-key", "<routing key>")));
            assertThat(requestsByPair.values().stream().mapToInt(n -> n - 1).sum())
                    .as("repeated requests: the retries of the 500 and the 429 only")
                    .isEqualTo(2);
            // Each page links the job's dashboard and the ServiceNow changes among its suspects.
            for (FakeReceiver.Received request : pagerDuty.requests()) {
                JsonNode event = JSON.readTree(request.body);
                if (!event.path("event_action").asText().equals("trigger")) {
                    continue;
                }
                List<String> links = new ArrayList<>();
                event.path("links").forEach(link -> links.add(link.path("href").asText()));
                assertThat(links.get(0))
                        .matches("http://127\\.0\\.0\\.1:8081/#/job/running/[0-9a-f]{32}/overview");
                long serviceNowSuspects =
                        StreamSupport.stream(
                                        event.path("payload")
                                                .path("custom_details")
                                                .path("suspect_changes")
                                                .spliterator(),
                                        false)
                                .filter(change -> change.asText().contains("(servicenow,"))
                                .count();
                assertThat(links.stream().filter(l -> l.contains("service-now.com")))
                        .hasSize((int) serviceNowSuspects)
                        .allMatch(l -> l.matches(".*number=CHG\\d+"));
            }
            long triggers = sent.stream().filter(a -> a.status == AlertStatus.TRIGGER).count();
            assertThat(requestsByPair.keySet().stream().filter(p -> p.endsWith(" trigger")))
                    .hasSize((int) triggers);
        }
    }

    @Test
    void theCanaryIsInNoJobGraphNoWebUiAndNoLogLine(@TempDir Path dir) throws Exception {
        Path keyFile = dir.resolve("pagerduty-routing-key");
        Files.writeString(keyFile, CANARY + "\n");
        String keyFileName = keyFile.toString();
        // The TaskManager's environment as a pod or Marathon app would have it: only the path.
        DeliveryFunction.Environment environment =
                name -> name.equals("PD_ROUTING_KEY_FILE") ? keyFileName : null;

        try (FakeReceiver pagerDuty = FakeReceiver.start();
                CapturedLogs logs = CapturedLogs.of("org.outagepredictor")) {
            pagerDuty.otherwiseAnswer(FakeReceiver.Answer.status(202));
            Configuration options = pagerDutyJob(pagerDuty, 60);
            GraphKeepingEnvironment env = new GraphKeepingEnvironment(CLUSTER);
            env.setParallelism(2);
            // Slow enough that the job is still running while the REST API is read.
            new PredictionJob(
                            options,
                            PredictionJob.loadStartModel(options),
                            FleetSource.create(SimulatorOptions.from(options), 3_000_000L, 60_000),
                            new CollectingSink<Alert>())
                    .withDeliveryEnvironment(environment)
                    .execute(env);
            JobClient job = env.jobClient.get();
            try {
                awaitRequestWithTheSecret(pagerDuty);

                byte[] graph = env.serializedJobGraph.get();
                assertThat(contains(graph, "PD_ROUTING_KEY"))
                        .as("the job graph names the variable (so the search below can find text)")
                        .isTrue();
                assertThat(contains(graph, CANARY)).as("the secret in the job graph").isFalse();

                List<String> pages = webUiPages(job.getJobID());
                assertThat(pages).anyMatch(page -> page.contains("On-call delivery"));
                for (String page : pages) {
                    assertThat(page).doesNotContain(CANARY);
                }
            } finally {
                job.cancel().get();
            }
            assertThat(logs.lines()).isNotEmpty().noneMatch(line -> line.contains(CANARY));
        }
    }

    /** Waits until PagerDuty got an event carrying the secret: the job really used it. */
    private static void awaitRequestWithTheSecret(FakeReceiver pagerDuty) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            for (FakeReceiver.Received request : pagerDuty.requests()) {
                if (JSON.readTree(request.body).path("routing_key").asText().equals(CANARY)) {
                    return;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("No alert reached the receiver with the routing key in 2 min");
    }

    /** What the web dashboard reads of the job and the cluster, through its REST API. */
    private static List<String> webUiPages(JobID jobId) throws Exception {
        String base =
                "http://127.0.0.1:" + CLUSTER.getClientConfiguration().getString("rest.port", "");
        List<String> paths =
                new ArrayList<>(
                        List.of(
                                "/config",
                                "/jobmanager/config",
                                "/taskmanagers",
                                "/jobs/overview",
                                "/jobs/" + jobId,
                                "/jobs/" + jobId + "/config",
                                "/jobs/" + jobId + "/plan",
                                "/jobs/" + jobId + "/jobmanager/config",
                                "/jobs/" + jobId + "/exceptions"));
        JsonNode job = JSON.readTree(get(base + "/jobs/" + jobId));
        for (JsonNode vertex : job.path("vertices")) {
            String vertexPath = "/jobs/" + jobId + "/vertices/" + vertex.path("id").asText();
            paths.add(vertexPath);
            paths.add(vertexPath + "/accumulators");
            paths.add(vertexPath + "/taskmanagers");
        }
        for (JsonNode taskManager :
                JSON.readTree(get(base + "/taskmanagers")).path("taskmanagers")) {
            paths.add("/taskmanagers/" + taskManager.path("id").asText());
        }
        List<String> pages = new ArrayList<>();
        for (String path : paths) {
            pages.add(get(base + path));
        }
        return pages;
    }

    private static String get(String url) throws Exception {
        HttpResponse<String> response =
                HTTP.send(
                        HttpRequest.newBuilder(URI.create(url)).build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(url).isEqualTo(200);
        return response.body();
    }

    private static boolean contains(byte[] haystack, String needle) {
        byte[] bytes = needle.getBytes(StandardCharsets.UTF_8);
        outer:
        for (int i = 0; i + bytes.length <= haystack.length; i++) {
            for (int j = 0; j < bytes.length; j++) {
                if (haystack[i + j] != bytes[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /**
     * Submits to the test's MiniCluster without waiting for the end, and keeps the serialized job
     * graph it submitted: what the JobManager stores and the TaskManagers receive.
     */
    private static final class GraphKeepingEnvironment extends StreamExecutionEnvironment {
        final AtomicReference<byte[]> serializedJobGraph = new AtomicReference<>();
        final AtomicReference<JobClient> jobClient = new AtomicReference<>();

        GraphKeepingEnvironment(MiniClusterExtension cluster) {
            super(remote(cluster));
        }

        private static Configuration remote(MiniClusterExtension cluster) {
            Configuration config = new Configuration(cluster.getClientConfiguration());
            config.set(DeploymentOptions.TARGET, "remote");
            config.set(DeploymentOptions.ATTACHED, false);
            return config;
        }

        @Override
        public org.apache.flink.api.common.JobExecutionResult execute(StreamGraph streamGraph)
                throws Exception {
            serializedJobGraph.set(InstantiationUtil.serializeObject(streamGraph.getJobGraph()));
            jobClient.set(executeAsync(streamGraph));
            return null;
        }
    }

    /**
     * A job on {@code devices} simulated devices (seed 11, ten minutes of warm-up) that pages
     * {@code pagerDuty} with the routing key in {@code PD_ROUTING_KEY}, links the job's dashboard
     * and ServiceNow changes, and prints nothing.
     */
    private static Configuration pagerDutyJob(FakeReceiver pagerDuty, int devices) {
        Configuration options = new Configuration();
        options.set(SimulatorOptions.DEVICES, devices);
        options.set(SimulatorOptions.SEED, 11L);
        options.set(FeatureOptions.WARMUP, Duration.ofMinutes(10));
        options.set(PredictionJob.PRINT_ALERTS, false);
        options.set(DeliveryOptions.TARGETS, List.of("pd:pagerduty"));
        options.setString("delivery.target.pd.url", pagerDuty.url("/v2/enqueue"));
        options.setString("delivery.target.pd.secret-env", "PD_ROUTING_KEY");
        options.setString("delivery.target.pd.rate-per-minute", "6000");
        options.set(
                AlertPolicyOptions.DASHBOARD_URL,
                "http://127.0.0.1:8081/#/job/running/{jobId}/overview");
        options.set(
                AlertPolicyOptions.CHANGE_LINKS,
                List.of(
                        "servicenow=https://acme.service-now.com/change_request.do"
                                + "?sysparm_query=number={id}"));
        return options;
    }
}
