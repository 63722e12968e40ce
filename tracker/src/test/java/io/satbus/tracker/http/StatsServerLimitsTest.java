package io.satbus.tracker.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.codahale.metrics.Clock;
import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.satbus.core.Liveness;
import io.satbus.testing.Eventually;
import io.satbus.tracker.testing.TestTopologies;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The HTTP view's bounds: connections capped and closed when idle, /health down while a loop is stuck. */
@Timeout(30)
class StatsServerLimitsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String T = "limits";
    private static final String PREFIX = "satbus.limits.orchester.http";

    private final AtomicLong nowMs = new AtomicLong(1_000_000);
    private final Clock clock = new Clock() {
        @Override
        public long getTick() {
            return nowMs.get() * 1_000_000;
        }

        @Override
        public long getTime() {
            return nowMs.get();
        }
    };
    private final MetricRegistry registry = new MetricRegistry();
    private final List<Socket> sockets = new ArrayList<>();
    private StatsServer server;

    @AfterEach
    void stop() throws IOException {
        for (Socket s : sockets) {
            s.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private StatsServer.Builder builder() {
        return StatsServer.forRegistry(registry).topology(TestTopologies.topology(T)).port(0).clock(clock)
            .metricsPrefix(PREFIX);
    }

    @Test
    void healthIsDownWith503WhileAWatchedLoopDoesNotTurnAndOkOnceItDoes() throws Exception {
        final Liveness loop = new Liveness("orchester_loop", 10_000, nowMs.get());
        server = builder().liveness(loop).start();
        Response r = get("/health");
        assertEquals(200, r.status, r.body);
        assertEquals("ok", r.json().path("status").asText());
        assertTrue(r.json().path("orchester_loop").path("alive").asBoolean());

        nowMs.addAndGet(10_001);
        r = get("/health");
        assertEquals(503, r.status, r.body);
        assertEquals("down", r.json().path("status").asText());
        final JsonNode o = r.json().path("orchester_loop");
        assertFalse(o.path("alive").asBoolean());
        assertEquals(10_001, o.path("last_turn_ms_ago").asLong());
        assertEquals(10_000, o.path("stall_bound_ms").asLong());
        assertEquals("has not turned for 10001 ms", o.path("reason").asText());

        loop.turned(nowMs.get());
        assertEquals(200, get("/health").status);
        loop.died(new IllegalStateException("boom"));
        r = get("/health");
        assertEquals(503, r.status);
        assertEquals("java.lang.IllegalStateException: boom", r.json().path("orchester_loop").path("reason").asText());
    }

    @Test
    void closesAConnectionThatStaysQuietLongerThanTheIdleTimeout() throws Exception {
        server = builder().idleTimeoutMs(200).start();
        final Socket idle = connect();
        final long start = System.nanoTime();
        assertEquals(-1, idle.getInputStream().read(), "closed by the server, nothing sent");
        assertTrue(System.nanoTime() - start >= 100_000_000L, "not before the timeout");
        Eventually.waitUntil("idle_closed counted", 5_000, () -> registry.counter(PREFIX + ".idle_closed").getCount() == 1);
        Eventually.waitUntil("no connection left", 5_000, () -> server.connections() == 0);
    }

    @Test
    void atTheCapTheQuietestConnectionMakesRoomSoTheViewStillAnswers() throws Exception {
        server = builder().maxConnections(3).start();
        final Socket first = connect();
        final Socket second = connect();
        final Socket third = connect();
        Eventually.waitUntil("three connections", 5_000, () -> server.connections() == 3);
        // The first one asks something: it is no longer the quietest.
        assertEquals(200, exchange(first, "/health").status);

        assertEquals(200, get("/health").status, "a fourth client gets in and is answered");
        assertClosed(second);
        assertEquals(1, registry.counter(PREFIX + ".evicted").getCount());
        assertEquals(200, exchange(first, "/health").status, "the connection that asked stays");
        assertFalse(third.isClosed());
        Eventually.waitUntil("the first and the third left open", 5_000, () -> server.connections() == 2);
        assertEquals(2, registry.getGauges().get(PREFIX + ".connections").getValue());

        server.close();
        assertTrue(registry.getMetrics().keySet().stream().noneMatch(n -> n.startsWith(PREFIX)),
            "its metrics leave with it: " + registry.getNames());
        server = null;
    }

    private Socket connect() throws IOException {
        final Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port());
        s.setSoTimeout(10_000);
        sockets.add(s);
        return s;
    }

    private static void assertClosed(final Socket s) throws IOException {
        try {
            assertEquals(-1, s.getInputStream().read(), "closed by the server");
        } catch (SocketTimeoutException ex) {
            throw new AssertionError("still open after 10 s", ex);
        }
    }

    /** GET on a connection of its own, closed after. */
    private Response get(final String path) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            s.setSoTimeout(10_000);
            return exchange(s, path);
        }
    }

    /** One keep-alive GET on {@code s}: reads the head and exactly Content-Length bytes of body. */
    private static Response exchange(final Socket s, final String path) throws IOException {
        s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        final InputStream in = s.getInputStream();
        final StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            final int b = in.read();
            if (b < 0) {
                throw new IOException("closed before the end of the head: " + head);
            }
            head.append((char) b);
        }
        final String h = head.toString();
        final int status = Integer.parseInt(h.substring(9, 12));
        final java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?i)content-length: (\\d+)").matcher(h);
        final byte[] body = length.find() ? in.readNBytes(Integer.parseInt(length.group(1))) : new byte[0];
        return new Response(status, new String(body, StandardCharsets.UTF_8));
    }

    private record Response(int status, String body) {
        JsonNode json() throws IOException {
            return JSON.readTree(body);
        }
    }
}
