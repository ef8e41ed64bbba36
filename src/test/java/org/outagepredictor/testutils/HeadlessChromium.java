package org.outagepredictor.testutils;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.flink.util.FileUtils;

/**
 * A real headless Chromium driven through ChromeDriver's W3C WebDriver HTTP API, with nothing but
 * {@code java.net.http}: Debian's {@code chromium} and {@code chromium-driver} packages, found on
 * the path or in /usr/bin ({@link #find}). ChromeDriver runs on a free 127.0.0.1 port; the browser
 * has a fresh profile in a temporary directory, and no network access beyond what the page asks.
 *
 * <p>Known limits: one window, CSS selectors only, and only what the tests need (open, find, text,
 * click, type, script, screenshot).
 */
public final class HeadlessChromium implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ELEMENT = "element-6066-11e4-a52e-4f735466cecf";

    private final Process driver;
    private final String base;
    private final Path profile;
    private final HttpClient http = HttpClient.newHttpClient();
    private final String session;

    /** The chromium and chromedriver executables, if both are installed. */
    public record Installation(Path browser, Path driver) {}

    public static Optional<Installation> find() {
        Optional<Path> browser = executable("chromium", "chromium-browser", "google-chrome");
        Optional<Path> driver = executable("chromedriver");
        return browser.isPresent() && driver.isPresent()
                ? Optional.of(new Installation(browser.get(), driver.get()))
                : Optional.empty();
    }

    private static Optional<Path> executable(String... names) {
        String path = System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/bin";
        for (String name : names) {
            for (String dir : path.split(File.pathSeparator)) {
                Path candidate = Path.of(dir, name);
                if (!dir.isEmpty() && Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    public HeadlessChromium(Installation installation) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        profile = Files.createTempDirectory("chromium-profile-");
        driver =
                new ProcessBuilder(
                                installation.driver().toString(),
                                "--port=" + port,
                                "--allowed-ips=127.0.0.1")
                        .redirectErrorStream(true)
                        .redirectOutput(profile.resolve("chromedriver.log").toFile())
                        .start();
        base = "http://127.0.0.1:" + port;
        try {
            waitForDriver();
            ObjectNode capabilities = JSON.createObjectNode();
            ObjectNode always = capabilities.putObject("capabilities").putObject("alwaysMatch");
            ObjectNode chrome = always.putObject("goog:chromeOptions");
            chrome.put("binary", installation.browser().toString());
            ArrayNode args = chrome.putArray("args");
            for (String arg :
                    List.of(
                            "--headless=new",
                            "--no-sandbox",
                            "--disable-gpu",
                            "--disable-dev-shm-usage",
                            "--disable-quic",
                            "--no-first-run",
                            "--disable-background-networking",
                            "--disable-component-update",
                            "--disable-sync",
                            "--window-size=1400,900",
                            "--user-data-dir=" + profile.resolve("data"))) {
                args.add(arg);
            }
            session = post("/session", capabilities).get("sessionId").asText();
        } catch (Exception e) {
            driver.destroyForcibly();
            throw e;
        }
    }

    private void waitForDriver() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                JsonNode status = call("GET", "/status", null);
                if (status.path("ready").asBoolean()) {
                    return;
                }
            } catch (IOException notYet) {
                // Not listening yet.
            }
            if (System.nanoTime() > deadline || !driver.isAlive()) {
                throw new IOException(
                        "chromedriver did not start: "
                                + Files.readString(profile.resolve("chromedriver.log")));
            }
            Thread.sleep(100);
        }
    }

    public void open(String url) throws Exception {
        post(sessionPath("/url"), JSON.createObjectNode().put("url", url));
    }

    /** The elements matching a CSS selector, as WebDriver element ids. */
    public List<String> findAll(String css) throws Exception {
        JsonNode found =
                post(
                        sessionPath("/elements"),
                        JSON.createObjectNode().put("using", "css selector").put("value", css));
        return java.util.stream.StreamSupport.stream(found.spliterator(), false)
                .map(element -> element.get(ELEMENT).asText())
                .toList();
    }

    public String text(String element) throws Exception {
        return call("GET", sessionPath("/element/" + element + "/text"), null).asText();
    }

    public void click(String css) throws Exception {
        post(sessionPath("/element/" + single(css) + "/click"), JSON.createObjectNode());
    }

    public void type(String css, String text) throws Exception {
        post(
                sessionPath("/element/" + single(css) + "/value"),
                JSON.createObjectNode().put("text", text));
    }

    /** Runs a script in the page; its return value as JSON. */
    public JsonNode script(String script) throws Exception {
        ObjectNode body = JSON.createObjectNode().put("script", script);
        body.putArray("args");
        return post(sessionPath("/execute/sync"), body);
    }

    /**
     * Waits until {@code condition} gives a non-null value, checking every 200 ms, for at most
     * {@code timeout}; returns it, or fails with {@code what} and the page's text.
     */
    public <T> T waitFor(String what, Duration timeout, Callable<T> condition) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            T value = condition.call();
            if (value != null) {
                return value;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(
                        "Timed out after "
                                + timeout
                                + " waiting for "
                                + what
                                + "; the page shows: "
                                + script("return document.body.innerText").asText());
            }
            Thread.sleep(200);
        }
    }

    /** A condition for {@link #waitFor}, which may throw. */
    @FunctionalInterface
    public interface Callable<T> {
        T call() throws Exception;
    }

    /** Saves a PNG of the window. */
    public void screenshot(Path file) throws Exception {
        String png = call("GET", sessionPath("/screenshot"), null).asText();
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, Base64.getDecoder().decode(png));
    }

    private String single(String css) throws Exception {
        List<String> found = findAll(css);
        if (found.isEmpty()) {
            throw new AssertionError("No element matches " + css);
        }
        return found.get(0);
    }

    private String sessionPath(String path) {
        return "/session/" + session + path;
    }

    private JsonNode post(String path, JsonNode body) throws Exception {
        return call("POST", path, body);
    }

    private JsonNode call(String method, String path, JsonNode body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(base + path))
                        .timeout(Duration.ofSeconds(60))
                        .header("Content-Type", "application/json");
        Supplier<HttpRequest.BodyPublisher> publisher =
                () ->
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(body.toString());
        request.method(method, publisher.get());
        HttpResponse<String> response =
                http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode answer = JSON.readTree(response.body());
        if (response.statusCode() != 200) {
            throw new IOException(
                    "WebDriver "
                            + method
                            + " "
                            + path
                            + ": "
                            + response.statusCode()
                            + " "
                            + answer);
        }
        return answer.get("value");
    }

    /** Quits the browser and stops ChromeDriver, then deletes the profile. */
    @Override
    public void close() throws IOException {
        try {
            call("DELETE", "/session/" + session, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            driver.destroy();
            try {
                if (!driver.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                    driver.destroyForcibly();
                }
            } catch (InterruptedException e) {
                driver.destroyForcibly();
                Thread.currentThread().interrupt();
            }
            FileUtils.deleteDirectory(profile.toFile());
        }
    }
}
