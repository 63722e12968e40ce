package io.satbus.cli;


import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.satbus.testing.Eventually;
import io.satbus.testing.ExternalProcesses;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * A real headless Chromium (Debian package chromium) showing one page, driven over the DevTools
 * protocol on a WebSocket: {@link #evaluate} runs JavaScript in the rendered page (what a person
 * would see, after the page's own scripts ran), {@link #screenshot} writes a PNG. Its profile
 * lives in the test's folder; {@code --no-sandbox} because tests run as root in containers. A
 * missing chromium fails the test saying what to install.
 */
final class HeadlessChromium implements AutoCloseable {
    static final String INSTALL = "install the Debian package chromium (apt-get install -y chromium; .ci/run does)";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://[^\\s]+)");
    private static final Duration START = Duration.ofSeconds(60);
    private static final Duration CALL = Duration.ofSeconds(60);
    private static final Duration POLL = Duration.ofMillis(200);

    private final Process process;
    private final Path log;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();

    private HeadlessChromium(final Process process, final Path log, final WebSocket socket) {
        this.process = process;
        this.log = log;
        this.socket = socket;
    }

    /** Starts Chromium on {@code url} with a window of {@code width} x {@code height}, its files under {@code dir}. */
    static HeadlessChromium open(final Path dir, final String url, final int width, final int height)
        throws IOException, InterruptedException {
        final Path chromium = ExternalProcesses.executable(INSTALL, List.of("/usr/bin"), "chromium", "chromium-browser");
        Files.createDirectories(dir);
        final Path log = dir.resolve("chromium.log");
        final Process process = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
            "--no-first-run", "--no-default-browser-check", "--hide-scrollbars", "--mute-audio",
            "--user-data-dir=" + dir.resolve("profile"), "--remote-debugging-address=127.0.0.1",
            "--remote-debugging-port=0", "--window-size=" + width + "," + height, url)
            .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            final String browserWs = awaitListening(process, log);
            final URI browser = URI.create(browserWs);
            final HttpClient http = HttpClient.newHttpClient();
            final String list = http.send(HttpRequest.newBuilder(URI.create("http://" + browser.getAuthority() + "/json/list"))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
            String pageWs = null;
            for (final JsonNode target : JSON.readTree(list)) {
                if ("page".equals(target.path("type").asText())) {
                    pageWs = target.path("webSocketDebuggerUrl").asText();
                    break;
                }
            }
            if (pageWs == null) {
                throw new AssertionError("chromium shows no page: " + list);
            }
            final Listener listener = new Listener();
            final WebSocket socket = http.newWebSocketBuilder().buildAsync(URI.create(pageWs), listener)
                .get(START.toSeconds(), TimeUnit.SECONDS);
            final HeadlessChromium browserOnPage = new HeadlessChromium(process, log, socket);
            listener.owner = browserOnPage;
            return browserOnPage;
        } catch (IOException | InterruptedException | RuntimeException | AssertionError ex) {
            ExternalProcesses.stopTree(process);
            throw ex;
        } catch (Exception ex) {
            ExternalProcesses.stopTree(process);
            throw new AssertionError("chromium's DevTools could not be reached; " + tail(log), ex);
        }
    }

    /**
     * The value of {@code expression} evaluated in the page (promises awaited), as JSON; an
     * exception thrown by it fails the test.
     */
    JsonNode evaluate(final String expression) {
        final ObjectNode params = JSON.createObjectNode();
        params.put("expression", expression);
        params.put("returnByValue", true);
        params.put("awaitPromise", true);
        final JsonNode result = call("Runtime.evaluate", params);
        if (result.has("exceptionDetails")) {
            throw new AssertionError("in the page, " + expression + " threw: " + result.path("exceptionDetails"));
        }
        return result.path("result").path("value");
    }

    /**
     * Evaluates {@code expression} until it gives a truthy value (returned), failing with
     * {@code what} and the last value after {@code timeout}.
     */
    JsonNode waitFor(final String what, final String expression, final Duration timeout) {
        return waitFor(what, expression, timeout, HeadlessChromium::truthy);
    }

    /**
     * Evaluates {@code expression} until {@code accept} takes its value (returned), failing with
     * {@code what} and the last value after {@code timeout}. Each evaluation is a round trip to
     * the browser, hence the slower polling.
     */
    JsonNode waitFor(final String what, final String expression, final Duration timeout,
                     final Predicate<JsonNode> accept) {
        return Eventually.every(POLL).waitFor("the page to show " + what + " (" + expression + ")", timeout.toMillis(),
            () -> evaluate(expression), accept);
    }

    /** A PNG of the whole page (beyond the window when it is longer) written to {@code png}. */
    void screenshot(final Path png) throws IOException {
        final JsonNode metrics = call("Page.getLayoutMetrics", JSON.createObjectNode());
        final JsonNode size = metrics.path("cssContentSize");
        final ObjectNode params = JSON.createObjectNode();
        params.put("format", "png");
        params.put("captureBeyondViewport", true);
        final ObjectNode clip = params.putObject("clip");
        clip.put("x", 0);
        clip.put("y", 0);
        clip.put("width", size.path("width").asDouble());
        clip.put("height", size.path("height").asDouble());
        clip.put("scale", 1);
        final JsonNode shot = call("Page.captureScreenshot", params);
        Files.createDirectories(png.toAbsolutePath().getParent());
        Files.write(png, Base64.getDecoder().decode(shot.path("data").asText()));
    }

    @Override
    public void close() {
        socket.abort();
        ExternalProcesses.stopTree(process);
    }

    private JsonNode call(final String method, final ObjectNode params) {
        final int id = ids.incrementAndGet();
        final ObjectNode message = JSON.createObjectNode();
        message.put("id", id);
        message.put("method", method);
        message.set("params", params);
        final CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        try {
            socket.sendText(message.toString(), true).get(CALL.toSeconds(), TimeUnit.SECONDS);
            final JsonNode reply = answer.get(CALL.toSeconds(), TimeUnit.SECONDS);
            if (reply.has("error")) {
                throw new AssertionError(method + " failed: " + reply.path("error"));
            }
            return reply.path("result");
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for " + method, ex);
        } catch (Exception ex) {
            throw new AssertionError(method + " got no answer from chromium; " + tail(log), ex);
        } finally {
            pending.remove(id);
        }
    }

    private static boolean truthy(final JsonNode value) {
        if (value == null || value.isMissingNode() || value.isNull()) {
            return false;
        }
        if (value.isBoolean()) {
            return value.asBoolean();
        }
        if (value.isNumber()) {
            return value.asDouble() != 0;
        }
        if (value.isTextual()) {
            return !value.asText().isEmpty();
        }
        return true;
    }

    private static String awaitListening(final Process process, final Path log) {
        final String output = Eventually.waitFor("chromium to open its DevTools port", START.toMillis(), () -> {
            final String text;
            try {
                text = Files.readString(log, StandardCharsets.UTF_8);
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
            if (!LISTENING.matcher(text).find() && !process.isAlive()) {
                throw new AssertionError("chromium exited with " + process.exitValue() + " at start; " + tail(log));
            }
            return text;
        }, text -> LISTENING.matcher(text).find());
        return LISTENING.matcher(output).results().findFirst().orElseThrow().group(1);
    }

    private static String tail(final Path log) {
        return ExternalProcesses.tail(log, 20);
    }

    /** Gathers a message's fragments, then completes the call it answers; events are ignored. */
    private static final class Listener implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();
        private volatile HeadlessChromium owner;

        @Override
        public CompletionStage<?> onText(final WebSocket webSocket, final CharSequence data, final boolean last) {
            text.append(data);
            if (last) {
                final String message = text.toString();
                text.setLength(0);
                try {
                    final JsonNode node = JSON.readTree(message);
                    final HeadlessChromium o = owner;
                    if (node.has("id") && o != null) {
                        final CompletableFuture<JsonNode> waiting = o.pending.get(node.path("id").asInt());
                        if (waiting != null) {
                            waiting.complete(node);
                        }
                    }
                } catch (IOException ex) {
                    throw new IllegalStateException("chromium sent what is not JSON: " + message, ex);
                }
            }
            webSocket.request(1);
            return null;
        }
    }
}
