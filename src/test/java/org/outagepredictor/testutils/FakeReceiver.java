package org.outagepredictor.testutils;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A real HTTP receiver on 127.0.0.1 and an ephemeral port that records every request and answers
 * from a script: the next scripted {@link Answer} for each request, then the fallback ({@code 200}
 * unless set). Stands in for PagerDuty, Opsgenie, Slack, Teams, Alertmanager or a webhook.
 *
 * <p>Each request is handled on a thread of its own, so a slow answer does not hold up others.
 * Known limits: plain HTTP only (no TLS), and one script for all paths.
 */
public final class FakeReceiver implements AutoCloseable {

    /** How the receiver answers one request. */
    public static final class Answer {
        final int status;
        final Map<String, String> headers;
        final String body;
        final Duration delay;
        final boolean hangUp;

        private Answer(
                int status,
                Map<String, String> headers,
                String body,
                Duration delay,
                boolean hangUp) {
            this.status = status;
            this.headers = headers;
            this.body = body;
            this.delay = delay;
            this.hangUp = hangUp;
        }

        public static Answer status(int status) {
            return new Answer(status, Map.of(), "", Duration.ZERO, false);
        }

        public static Answer status(int status, String body) {
            return new Answer(status, Map.of(), body, Duration.ZERO, false);
        }

        /** 429 Too Many Requests with this {@code Retry-After} value. */
        public static Answer tooManyRequests(String retryAfter) {
            return new Answer(429, Map.of("Retry-After", retryAfter), "", Duration.ZERO, false);
        }

        /** 200, but only after {@code delay}: longer than the client's timeout, a timeout. */
        public static Answer slow(Duration delay) {
            return new Answer(200, Map.of(), "", delay, false);
        }

        /** Closes the connection without any answer, as a crashing receiver does. */
        public static Answer hangUp() {
            return new Answer(0, Map.of(), "", Duration.ZERO, true);
        }
    }

    /** One request as it arrived. */
    public static final class Received {
        public final String method;

        /** The raw path and query, e.g. {@code /v2/alerts/a%3Ab/close?identifierType=alias}. */
        public final String target;

        public final String body;

        /** {@link System#nanoTime()} when the request's body had arrived. */
        public final long arrivedNanos;

        /**
         * The status the receiver answered with (after any delay, so a client that timed out may
         * not have seen it), or 0 for a hang-up.
         */
        public final int answered;

        private final Map<String, String> headers;

        Received(
                String method,
                String target,
                Map<String, String> headers,
                String body,
                long at,
                int answered) {
            this.method = method;
            this.target = target;
            this.headers = headers;
            this.body = body;
            this.arrivedNanos = at;
            this.answered = answered;
        }

        /** The first value of a header, case-insensitive, or {@code null}. */
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        public String path() {
            int query = target.indexOf('?');
            return query < 0 ? target : target.substring(0, query);
        }
    }

    private final HttpServer server;
    private final ExecutorService handlers = Executors.newCachedThreadPool();
    private final Queue<Answer> script = new ConcurrentLinkedQueue<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile Answer fallback = Answer.status(200);

    private FakeReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(handlers);
        server.start();
    }

    public static FakeReceiver start() throws IOException {
        return new FakeReceiver();
    }

    /** Queues answers for the next requests, in order. */
    public FakeReceiver thenAnswer(Answer... answers) {
        script.addAll(List.of(answers));
        return this;
    }

    /** The answer once the script is used up. */
    public FakeReceiver otherwiseAnswer(Answer answer) {
        fallback = answer;
        return this;
    }

    /** {@code http://127.0.0.1:<port><path>}. */
    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    public List<Received> requests() {
        return new ArrayList<>(received);
    }

    public int requestCount() {
        return received.size();
    }

    /** The requests to one path, in arrival order. */
    public List<Received> requestsTo(String path) {
        return received.stream().filter(r -> r.path().equals(path)).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Map<String, String> headers = new TreeMap<>();
        exchange.getRequestHeaders()
                .forEach(
                        (name, values) ->
                                headers.put(name.toLowerCase(Locale.ROOT), values.get(0)));
        String target = exchange.getRequestURI().getRawPath();
        if (exchange.getRequestURI().getRawQuery() != null) {
            target += "?" + exchange.getRequestURI().getRawQuery();
        }
        long arrived = System.nanoTime();
        Answer answer = script.poll();
        if (answer == null) {
            answer = fallback;
        }
        received.add(
                new Received(
                        exchange.getRequestMethod(),
                        target,
                        headers,
                        body,
                        arrived,
                        answer.hangUp ? 0 : answer.status));
        if (answer.hangUp) {
            // Closing an exchange before its response headers closes the connection itself.
            exchange.close();
            return;
        }
        if (!answer.delay.isZero()) {
            try {
                Thread.sleep(answer.delay.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                exchange.close();
                return;
            }
        }
        answer.headers.forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
        byte[] bytes = answer.body.getBytes(StandardCharsets.UTF_8);
        try {
            exchange.sendResponseHeaders(answer.status, bytes.length == 0 ? -1 : bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        } catch (IOException clientGone) {
            // The client timed out and closed the connection: nothing left to answer.
            exchange.close();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        handlers.shutdownNow();
    }
}
