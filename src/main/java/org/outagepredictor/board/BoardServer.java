package org.outagepredictor.board;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import org.outagepredictor.alerting.Alert;
import org.outagepredictor.alerting.AlertJson;
import org.outagepredictor.alerting.Reason;
import org.outagepredictor.event.ChangeRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The risk board's web server (the JDK's {@link HttpServer}): the page and its assets at {@code /},
 * and a JSON API over {@link DeviceRisks}. docs/risk-board.md shows every answer.
 *
 * <ul>
 *   <li>{@code GET /api/devices?top=N}: the N (default 50, at most 1000) riskiest devices.
 *   <li>{@code GET /api/devices/{id}}: one device: risk, open alert, reasons, suspect changes, risk
 *       history, alert marks; 404 if unknown.
 *   <li>{@code GET /api/model}: the model version scoring now and the published versions' metrics.
 *   <li>{@code GET /healthz}: 200 while the Kafka feed runs, 503 once it has failed.
 * </ul>
 *
 * Times are ISO-8601 UTC strings, as in the alert JSON; a probability not known yet is {@code
 * null}. Only GET (and HEAD) is served.
 */
public final class BoardServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BoardServer.class);

    static final int DEFAULT_TOP = 50;
    static final int MAX_TOP = 1000;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The page's assets, served from the classpath folder /board/. */
    private static final Map<String, String> ASSETS =
            Map.of(
                    "/", "index.html",
                    "/index.html", "index.html",
                    "/board.js", "board.js",
                    "/board.css", "board.css");

    private final DeviceRisks risks;
    private final BooleanSupplier feedAlive;
    private final BooleanSupplier feedReading;
    private final HttpServer server;
    private final ExecutorService executor;

    /**
     * @param feedAlive whether the feed still runs (health)
     * @param feedReading whether it reads all its topics (shown on the page and in the health)
     */
    public BoardServer(
            String host,
            int port,
            DeviceRisks risks,
            BooleanSupplier feedAlive,
            BooleanSupplier feedReading)
            throws IOException {
        this.risks = risks;
        this.feedAlive = feedAlive;
        this.feedReading = feedReading;
        server = HttpServer.create(new InetSocketAddress(host, port), 0);
        executor = Executors.newFixedThreadPool(4);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
    }

    public BoardServer start() {
        server.start();
        LOG.info("Risk board on http://{}:{}/", server.getAddress().getHostString(), port());
        return this;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            String method = exchange.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                send(exchange, 405, "text/plain", "Only GET\n");
                return;
            }
            String path = exchange.getRequestURI().getPath();
            if (path.equals("/api/devices")) {
                sendJson(exchange, 200, devices(top(exchange.getRequestURI().getRawQuery())));
            } else if (path.startsWith("/api/devices/")) {
                String id =
                        URLDecoder.decode(
                                exchange.getRequestURI()
                                        .getRawPath()
                                        .substring("/api/devices/".length()),
                                StandardCharsets.UTF_8);
                DeviceRisks.DeviceView device = risks.device(id);
                if (device == null) {
                    sendJson(exchange, 404, error("no such device: " + id));
                } else {
                    sendJson(exchange, 200, device(device));
                }
            } else if (path.equals("/api/model")) {
                sendJson(exchange, 200, model());
            } else if (path.equals("/healthz")) {
                boolean alive = feedAlive.getAsBoolean();
                sendJson(exchange, alive ? 200 : 503, health(alive));
            } else if (ASSETS.containsKey(path)) {
                sendAsset(exchange, ASSETS.get(path));
            } else {
                sendJson(exchange, 404, error("not found: " + path));
            }
        } catch (IllegalArgumentException e) {
            sendJson(exchange, 400, error(e.getMessage()));
        } catch (RuntimeException e) {
            LOG.warn("Request {} failed", exchange.getRequestURI(), e);
            sendJson(exchange, 500, error("internal error"));
        } finally {
            exchange.close();
        }
    }

    static int top(String query) {
        if (query == null) {
            return DEFAULT_TOP;
        }
        for (String pair : query.split("&")) {
            if (pair.startsWith("top=")) {
                try {
                    int top = Integer.parseInt(pair.substring(4));
                    if (top < 1) {
                        throw new IllegalArgumentException("top must be positive");
                    }
                    return Math.min(top, MAX_TOP);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("top must be a number");
                }
            }
        }
        return DEFAULT_TOP;
    }

    private ObjectNode devices(int top) {
        ObjectNode root = JSON.createObjectNode();
        root.put("total", risks.deviceCount());
        root.put("openAlerts", risks.openAlerts());
        root.put("revision", risks.revision());
        ArrayNode devices = root.putArray("devices");
        for (DeviceRisks.DeviceView device : risks.top(top)) {
            ObjectNode row = summary(device);
            Alert trigger = device.lastTrigger();
            if (trigger != null && trigger.reasons.length > 0) {
                row.set("topReason", reason(trigger.reasons[0]));
            } else {
                row.putNull("topReason");
            }
            devices.add(row);
        }
        return root;
    }

    private static ObjectNode summary(DeviceRisks.DeviceView device) {
        ObjectNode row = JSON.createObjectNode();
        row.put("deviceId", device.deviceId());
        if (device.deviceClass() == null) {
            row.putNull("deviceClass");
        } else {
            row.put("deviceClass", device.deviceClass());
        }
        number(row, "risk", device.probability());
        row.put("trend", device.trend());
        if (device.eventTime() == 0) {
            row.putNull("eventTime");
        } else {
            row.put("eventTime", time(device.eventTime()));
        }
        row.put("modelVersion", device.modelVersion());
        if (device.openAlert() == null) {
            row.putNull("openAlert");
        } else {
            ObjectNode open = row.putObject("openAlert");
            open.put("dedupKey", device.openAlert().dedupKey);
            open.put("since", time(device.openAlert().eventTime));
            open.put("probability", device.openAlert().probability);
        }
        return row;
    }

    private static ObjectNode device(DeviceRisks.DeviceView device) {
        ObjectNode root = summary(device);
        if (device.openAlert() != null) {
            root.set("openAlert", alert(device.openAlert()));
        }
        Alert trigger = device.lastTrigger();
        ArrayNode reasons = root.putArray("reasons");
        ArrayNode suspects = root.putArray("suspectChanges");
        if (trigger != null) {
            JsonNode json = alert(trigger);
            reasons.addAll((ArrayNode) json.get("reasons"));
            suspects.addAll((ArrayNode) json.get("suspectChanges"));
        }
        ArrayNode history = root.putArray("history");
        for (DeviceRisks.Point point : device.history()) {
            history.addObject()
                    .put("eventTime", time(point.eventTime()))
                    .put("probability", point.probability());
        }
        ArrayNode alerts = root.putArray("alerts");
        for (DeviceRisks.AlertMark mark : device.alerts()) {
            alerts.addObject()
                    .put("status", mark.status().name())
                    .put("eventTime", time(mark.eventTime()))
                    .put("probability", mark.probability())
                    .put("dedupKey", mark.dedupKey())
                    .put("resolution", mark.resolution());
        }
        ArrayNode changes = root.putArray("changes");
        List<ChangeRef> known = device.changes();
        for (ChangeRef change : known) {
            ObjectNode node =
                    changes.addObject().put("id", change.id).put("time", time(change.time));
            node.put("summary", change.summary);
            node.put("changeType", change.changeType == null ? null : change.changeType.name());
            node.put("failed", change.failed);
        }
        return root;
    }

    private ObjectNode model() {
        ObjectNode root = JSON.createObjectNode();
        long scoring = risks.scoringVersion();
        if (scoring == 0) {
            root.putNull("scoringVersion");
        } else {
            root.put("scoringVersion", scoring);
        }
        List<DeviceRisks.ModelInfo> versions = risks.modelVersions();
        ArrayNode published = JSON.createArrayNode();
        for (DeviceRisks.ModelInfo info : versions) {
            ObjectNode node = published.addObject();
            node.put("version", info.version());
            node.put("publishedAt", time(info.publishedAt()));
            node.put("examplesTrained", info.examplesTrained());
            node.put("trainedUntil", time(info.trainedUntil()));
            number(node, "prAuc", info.prAuc());
            number(node, "logLoss", info.logLoss());
            number(node, "precision", info.precision());
            number(node, "recall", info.recall());
        }
        if (published.isEmpty()) {
            root.putNull("latest");
        } else {
            root.set("latest", published.get(published.size() - 1));
        }
        root.set("versions", published);
        return root;
    }

    private ObjectNode health(boolean alive) {
        ObjectNode root = JSON.createObjectNode();
        root.put("status", alive ? "ok" : "feed stopped");
        root.put("feedReading", feedReading.getAsBoolean());
        root.put("devices", risks.deviceCount());
        root.put("devicesEvicted", risks.evicted());
        return root;
    }

    private static ObjectNode reason(Reason reason) {
        ObjectNode node = JSON.createObjectNode();
        node.put("feature", reason.feature);
        node.put("description", reason.description);
        node.put("contribution", reason.contribution);
        return node;
    }

    /** The alert in its own JSON form (docs/alerts.md). */
    private static JsonNode alert(Alert alert) {
        try {
            return JSON.readTree(AlertJson.toJson(alert));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode error(String message) {
        return JSON.createObjectNode().put("error", message);
    }

    private static void number(ObjectNode node, String field, double value) {
        if (Double.isNaN(value)) {
            node.putNull(field);
        } else {
            node.put(field, value);
        }
    }

    private static String time(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis).toString();
    }

    private static void sendJson(HttpExchange exchange, int status, JsonNode body)
            throws IOException {
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        send(exchange, status, "application/json", JSON.writeValueAsString(body));
    }

    private static void sendAsset(HttpExchange exchange, String name) throws IOException {
        byte[] bytes;
        try (InputStream in = BoardServer.class.getResourceAsStream("/board/" + name)) {
            if (in == null) {
                sendJson(exchange, 404, error("asset missing from the jar: " + name));
                return;
            }
            bytes = in.readAllBytes();
        }
        String type =
                name.endsWith(".html")
                        ? "text/html"
                        : name.endsWith(".js") ? "text/javascript" : "text/css";
        send(exchange, 200, type, bytes);
    }

    private static void send(HttpExchange exchange, int status, String type, String body)
            throws IOException {
        send(exchange, status, type, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body)
            throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type + "; charset=utf-8");
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : body.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
