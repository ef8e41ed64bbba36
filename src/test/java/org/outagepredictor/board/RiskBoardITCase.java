package org.outagepredictor.board;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.outagepredictor.PredictionJob;
import org.outagepredictor.alerting.Alert;
import org.outagepredictor.alerting.AlertJson;
import org.outagepredictor.alerting.AlertStatus;
import org.outagepredictor.features.FeatureOptions;
import org.outagepredictor.ingest.KafkaOptions;
import org.outagepredictor.testutils.HeadlessChromium;
import org.outagepredictor.testutils.KafkaBrokerExtension;
import org.outagepredictor.testutils.MiniClusters;

/**
 * The risk board on a real Kafka broker, fed by the prediction job: the job reads generic JSON
 * events of two devices (web01: a failed emergency change, then errors; db02: quiet) and writes
 * scores, alerts and model versions to their topics while the board reads them. The API then shows
 * web01 at risk with its open alert, reasons and suspect change, and db02 calm; the page, in a real
 * headless Chromium, lists both, sorts, filters, opens a device and shows an alert produced later
 * without a reload (screenshot in target/risk-board.png).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RiskBoardITCase {

    private static final String EVENTS = "board.events";
    private static final String ALERTS = "board.alerts";
    private static final String SCORES = "board.scores";
    private static final String MODEL_VERSIONS = "board.model-versions";
    private static final String DEAD_LETTERS = "board.dead-letters";
    private static final long MINUTE = 60_000L;
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @RegisterExtension
    @Order(1)
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @RegisterExtension
    @Order(2)
    static final MiniClusterExtension CLUSTER = MiniClusters.rocksDbWithCheckpoints(2);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static Configuration options;
    private static RiskBoard board;
    private static int localAlerts;

    @BeforeAll
    static void runTheJobWithTheBoardReading() throws Exception {
        for (String topic : List.of(EVENTS, ALERTS, SCORES, DEAD_LETTERS)) {
            KAFKA.createTopic(topic, 2);
        }
        KAFKA.createTopic(MODEL_VERSIONS, 1);
        options = new Configuration();
        options.set(KafkaOptions.BOOTSTRAP_SERVERS, KAFKA.bootstrapServers());
        options.set(KafkaOptions.ALERTS_TOPIC, ALERTS);
        options.set(KafkaOptions.SCORES_TOPIC, SCORES);
        options.set(KafkaOptions.MODEL_VERSIONS_TOPIC, MODEL_VERSIONS);
        options.set(KafkaOptions.DEAD_LETTERS_TOPIC, DEAD_LETTERS);
        options.set(BoardOptions.PORT, 0);
        options.set(BoardOptions.HISTORY_LENGTH, 30);
        board = RiskBoard.start(options);

        long t0 = (System.currentTimeMillis() - 60 * MINUTE) / MINUTE * MINUTE;
        produce(story(t0));

        Configuration job = new Configuration(options);
        job.set(PredictionJob.INPUT, PredictionJob.Input.KAFKA);
        job.set(KafkaOptions.GROUP_ID, "board-it-" + UUID.randomUUID());
        job.set(KafkaOptions.INPUTS, "generic-json:" + EVENTS);
        job.set(KafkaOptions.STARTING_OFFSETS, KafkaOptions.StartingOffsets.EARLIEST);
        job.set(KafkaOptions.TRANSACTIONAL_ID_PREFIX, "board-it-" + UUID.randomUUID());
        job.set(KafkaOptions.TRANSACTION_TIMEOUT, Duration.ofMinutes(1));
        job.set(FeatureOptions.WARMUP, Duration.ofMinutes(10));
        job.set(PredictionJob.PRINT_ALERTS, false);
        localAlerts = KafkaBrokerExtension.runToTheEnd(job, 2, 500).size();
    }

    @AfterAll
    static void stopTheBoard() throws Exception {
        if (board != null) {
            board.close();
        }
    }

    @Test
    @Order(1)
    void theApiShowsTheFleetAsTheJobScoredIt() throws Exception {
        // The job's input ends, so its final watermark resolves web01's alert as stale: the board
        // sees the TRIGGER and then its RESOLVE.
        JsonNode device = await("/api/devices/web01", body -> body.get("alerts").size() == 2);
        assertThat(device.get("alerts"))
                .extracting(a -> a.get("status").asText())
                .containsExactly("TRIGGER", "RESOLVE");
        String dedupKey = device.get("alerts").get(0).get("dedupKey").asText();
        assertThat(dedupKey).startsWith("outage-predictor:web01:");
        assertThat(device.get("alerts").get(1).get("dedupKey").asText()).isEqualTo(dedupKey);
        assertThat(device.get("openAlert").isNull()).isTrue();
        assertThat(device.get("reasons")).isNotEmpty();
        assertThat(device.get("suspectChanges").get(0).get("id").asText()).isEqualTo("CHG0031234");
        assertThat(device.get("changes").get(0).get("id").asText()).isEqualTo("CHG0031234");
        // Bounded: history-length 30, though the job scored web01 every simulated minute.
        assertThat(device.get("history")).hasSize(30);
        assertThat(localAlerts).as("the job's own alert output saw them too").isEqualTo(2);

        JsonNode fleet = get("/api/devices?top=10").body();
        assertThat(fleet.get("devices"))
                .extracting(d -> d.get("deviceId").asText())
                .containsExactly("web01", "db02");
        JsonNode web01 = fleet.get("devices").get(0);
        assertThat(web01.get("deviceClass").asText()).isEqualTo("server");
        assertThat(web01.get("risk").asDouble()).isGreaterThanOrEqualTo(0.4);
        assertThat(web01.get("topReason").get("description").asText()).isNotBlank();
        JsonNode db02 = fleet.get("devices").get(1);
        assertThat(db02.get("risk").asDouble()).isLessThan(0.4);
        assertThat(db02.get("topReason").isNull()).isTrue();
        assertThat(get("/api/devices?top=1").body().get("devices")).hasSize(1);

        // An alert that is still open, as the job writes it.
        Alert open = trigger("fw-000042", 0.55);
        produce(List.of(new ProducerRecord<>(ALERTS, open.dedupKey, AlertJson.toJson(open))));
        JsonNode firewall = await("/api/devices/fw-000042", body -> true);
        assertThat(firewall.get("openAlert").get("status").asText()).isEqualTo("TRIGGER");
        assertThat(firewall.get("openAlert").get("dedupKey").asText()).isEqualTo(open.dedupKey);
        assertThat(firewall.get("risk").asDouble()).isEqualTo(0.55);
        assertThat(get("/api/devices?top=10").body().get("openAlerts").asInt()).isEqualTo(1);

        assertThat(get("/api/devices/nobody").status()).isEqualTo(404);
        assertThat(get("/api/devices?top=x").status()).isEqualTo(400);
        assertThat(get("/api/model").body().get("scoringVersion").asLong()).isEqualTo(1L);
        Answer health = get("/healthz");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.body().get("feedReading").asBoolean()).isTrue();
        assertThat(health.body().get("devices").asInt()).isEqualTo(3);
    }

    @Test
    @Order(2)
    void thePageListsSortsOpensADeviceAndShowsANewAlertWithoutAReload() throws Exception {
        var installation = HeadlessChromium.find();
        Assumptions.assumeTrue(
                installation.isPresent(),
                "No headless browser: install Debian's chromium and chromium-driver"
                        + " (apt-get install -y chromium chromium-driver) to run the page test");
        await("/api/devices/web01", body -> body.get("alerts").size() == 2);
        try (HeadlessChromium browser = new HeadlessChromium(installation.get())) {
            browser.open("http://127.0.0.1:" + board.port() + "/");
            browser.waitFor(
                    "the devices listed, riskiest first",
                    DEADLINE,
                    () -> rows(browser).containsAll(List.of("web01", "db02")) ? true : null);
            List<String> byRisk = rows(browser);
            assertThat(byRisk.indexOf("web01")).isLessThan(byRisk.indexOf("db02"));
            browser.script("window.boardMarker = 'same page'; return null");

            browser.click("th[data-sort='deviceId']");
            List<String> ascending = rows(browser);
            assertThat(ascending).isSorted().hasSizeGreaterThanOrEqualTo(2);
            browser.click("th[data-sort='deviceId']");
            assertThat(rows(browser)).isEqualTo(reversed(ascending));
            browser.type("#filter", "db");
            assertThat(rows(browser)).containsExactly("db02");
            browser.script(
                    "var f = document.getElementById('filter'); f.value = '';"
                            + " f.dispatchEvent(new Event('input')); return null");
            assertThat(rows(browser)).hasSameSizeAs(ascending);

            browser.click("tr[data-device='web01'] td.device");
            browser.waitFor(
                    "web01's chart with its change and alert marked",
                    DEADLINE,
                    () ->
                            browser.findAll("#chart .risk-line").size() == 1
                                            && !browser.findAll("#chart .change-mark").isEmpty()
                                            && !browser.findAll("#chart .trigger-mark").isEmpty()
                                    ? true
                                    : null);
            assertThat(browser.text(browser.findAll("#device-title").get(0)))
                    .isEqualTo("web01 (server)");
            assertThat(browser.text(browser.findAll("#device-changes").get(0)))
                    .contains("CHG0031234");
            assertThat(browser.text(browser.findAll("#model-body").get(0))).contains("v1");

            // A new alert for a device the board has not seen, as the job would write it.
            Alert alert = trigger("lb-000077", 0.93);
            produce(List.of(new ProducerRecord<>(ALERTS, alert.dedupKey, AlertJson.toJson(alert))));
            browser.waitFor(
                    "the new alert on the page",
                    DEADLINE,
                    () ->
                            !browser.findAll("tr[data-device='lb-000077'] .alert").isEmpty()
                                    ? true
                                    : null);
            assertThat(browser.script("return window.boardMarker").asText())
                    .as("no reload")
                    .isEqualTo("same page");
            assertThat(browser.findAll("#device:not([hidden])")).hasSize(1);
            browser.screenshot(Path.of("target", "risk-board.png"));

            // Closed because the predicted outage opened as an incident: marked on the chart.
            Alert resolve = trigger("lb-000077", 0.9);
            resolve.status = AlertStatus.RESOLVE;
            resolve.dedupKey = alert.dedupKey;
            resolve.resolution = "predicted outage opened as incident INC0077001";
            produce(
                    List.of(
                            new ProducerRecord<>(
                                    ALERTS, resolve.dedupKey, AlertJson.toJson(resolve))));
            browser.click("tr[data-device='lb-000077'] td.device");
            browser.waitFor(
                    "lb-000077's incident on its chart, its alert closed",
                    DEADLINE,
                    () ->
                            browser.findAll("#chart .incident-mark").size() == 1
                                            && browser.findAll("tr[data-device='lb-000077'] .alert")
                                                    .isEmpty()
                                    ? true
                                    : null);
        }
    }

    /** A TRIGGER as the job writes it, opened now. */
    private static Alert trigger(String device, double probability) {
        Alert alert = new Alert();
        alert.status = AlertStatus.TRIGGER;
        alert.deviceId = device;
        alert.eventTime = System.currentTimeMillis();
        alert.probability = probability;
        alert.horizonMinutes = 120;
        alert.modelVersion = 1;
        alert.dedupKey = "outage-predictor:" + device + ":" + alert.eventTime;
        return alert;
    }

    private static List<String> reversed(List<String> list) {
        List<String> copy = new ArrayList<>(list);
        java.util.Collections.reverse(copy);
        return copy;
    }

    private static List<String> rows(HeadlessChromium browser) throws Exception {
        List<String> ids = new ArrayList<>();
        for (JsonNode id :
                browser.script(
                        "return Array.from(document.querySelectorAll('#devices tbody tr'))"
                                + ".map(function (r) { return r.getAttribute('data-device'); })")) {
            ids.add(id.asText());
        }
        return ids;
    }

    /**
     * web01: an info log and a cpu metric every minute (warm-up is 10 min), a failed emergency
     * change at minute 30, then errors every 10 s for ten minutes. db02: the same quiet logs and
     * metrics only.
     */
    private static List<ProducerRecord<String, String>> story(long t0) {
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        for (int minute = 0; minute < 42; minute++) {
            for (String device : List.of("web01", "db02")) {
                records.add(
                        event(
                                device,
                                "{\"device\":\"%s\",\"time\":%d,\"kind\":\"log\",\"severity\":\"info\","
                                        + "\"device_class\":\"server\",\"summary\":\"heartbeat\"}",
                                device,
                                t0 + minute * MINUTE));
                records.add(
                        event(
                                device,
                                "{\"device\":\"%s\",\"time\":%d,\"kind\":\"metric\",\"metric\":\"cpu\","
                                        + "\"value\":%d}",
                                device,
                                t0 + minute * MINUTE + 1,
                                30 + minute % 3));
            }
        }
        records.add(
                event(
                        "web01",
                        "{\"device\":\"%s\",\"time\":%d,\"kind\":\"change\",\"reference\":\"CHG0031234\","
                                + "\"change_type\":\"emergency\",\"failed\":true,"
                                + "\"summary\":\"Upgrade TLS library\"}",
                        "web01",
                        t0 + 30 * MINUTE));
        for (int second = 0; second < 600; second += 10) {
            records.add(
                    event(
                            "web01",
                            "{\"device\":\"%s\",\"time\":%d,\"kind\":\"log\",\"severity\":\"error\","
                                    + "\"summary\":\"TLS handshake failed\"}",
                            "web01",
                            t0 + 31 * MINUTE + second * 1000L));
        }
        return records;
    }

    private static ProducerRecord<String, String> event(
            String device, String format, Object... values) {
        return new ProducerRecord<>(EVENTS, device, String.format(Locale.ROOT, format, values));
    }

    private static void produce(List<ProducerRecord<String, String>> records) throws Exception {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(properties, new StringSerializer(), new StringSerializer())) {
            for (ProducerRecord<String, String> record : records) {
                producer.send(record);
            }
            producer.flush();
        }
    }

    private record Answer(int status, JsonNode body) {}

    private static Answer get(String path) throws Exception {
        HttpResponse<String> response =
                HTTP.send(
                        HttpRequest.newBuilder(
                                        URI.create("http://127.0.0.1:" + board.port() + path))
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return new Answer(response.statusCode(), JSON.readTree(response.body()));
    }

    /** Polls {@code path} until its JSON satisfies {@code done}, for at most {@link #DEADLINE}. */
    private static JsonNode await(String path, Predicate<JsonNode> done) throws Exception {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        JsonNode body = null;
        while (System.nanoTime() < deadline) {
            Answer answer = get(path);
            body = answer.body();
            if (answer.status() == 200 && done.test(body)) {
                return body;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("Timed out waiting on " + path + "; last answer: " + body);
    }
}
