package io.satbus.satellites.firehose;

import static io.satbus.satellites.firehose.TestHttpServer.response;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satbus.core.envelope.Envelope;
import io.satbus.satellites.api.Source;
import io.satbus.satellites.builtin.TestContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The fetcher against a real Netty HTTP server on 127.0.0.1 (gzip on). The test thread plays
 * the runtime: it calls produce and owns the fetcher's clock, which it advances by hand, so
 * every "not yet" is a count checked right after produce, never a wait.
 */
@Timeout(30)
class FetcherIT {
    private static final long EPOCH_MS = 1_700_000_000_000L;
    private final CapturingOutput out = new CapturingOutput();
    private long now = 0;
    private Fetcher fetcher;
    private TestHttpServer server;

    @AfterEach
    void close() {
        if (fetcher != null) {
            fetcher.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private Fetcher open(final Map<String, Object> config) {
        fetcher = new Fetcher(name -> name.equals("TOKEN") ? "s3cret" : null, () -> now, () -> EPOCH_MS + now);
        fetcher.open(TestContext.of("fetch", "parser", List.of(), config, Path.of(".")));
        return fetcher;
    }

    private void drive(final String what, final BooleanSupplier done) {
        final long deadline = System.nanoTime() + 10_000_000_000L;
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what + "; seen " + server.seen()
                    + ", state " + fetcher.state(0));
            }
            fetcher.produce(out);
            LockSupport.parkNanos(1_000_000);
        }
    }

    private static String body(final Envelope e) {
        return new String(e.payload(), StandardCharsets.UTF_8);
    }

    @Test
    void sendsTheEtagBackAsIfNoneMatchAndA304SendsNothingOn() throws Exception {
        server = new TestHttpServer(req -> "\"v1\"".equals(req.header("if-none-match"))
            ? response(304, "") : response(200, "[{\"id\":\"1\"}]", "ETag", "\"v1\""));
        open(Map.of("url", server.url("/events"), "poll_interval", 1000, "token_env", "TOKEN"));
        drive("the first page", () -> out.forwarded.size() == 1);
        final Envelope page = out.forwarded.get(0);
        assertEquals("[{\"id\":\"1\"}]", body(page));
        assertEquals("application/json", page.contentType());
        assertEquals(server.url("/events"), page.headers().get("url"));
        assertEquals("200", page.headers().get("status"));
        assertEquals("\"v1\"", page.headers().get("etag"));
        assertEquals("1", page.headers().get("page"));
        assertEquals(Long.toString(EPOCH_MS), page.headers().get("fetched_at"));

        now += 1000;
        drive("the 304", () -> fetcher.notModified() == 1);
        assertEquals(2, server.seen().size());
        assertNull(server.seen().get(0).header("if-none-match"));
        assertEquals("\"v1\"", server.seen().get(1).header("if-none-match"));
        assertEquals("Bearer s3cret", server.seen().get(1).header("authorization"));
        assertTrue(server.seen().get(0).header("accept-encoding").contains("gzip"));
        assertEquals(1, out.forwarded.size(), "a 304 sends nothing on");
        assertEquals(1, server.connections(), "both requests on one kept-alive connection");
    }

    @Test
    void waitsForTheServersPollIntervalBeforeAskingAgain() throws Exception {
        server = new TestHttpServer(req -> response(200, "[{\"id\":\"1\"}]", "X-Poll-Interval", "60"));
        open(Map.of("url", server.url("/events"), "poll_interval", "1s"));
        drive("the first page", () -> out.forwarded.size() == 1);
        now += 59_999;
        fetcher.produce(out);
        assertEquals(1, fetcher.requests(), "X-Poll-Interval 60 s outranks poll_interval 1 s");
        now += 1;
        drive("the second poll", () -> out.forwarded.size() == 2);
        assertEquals(2, server.seen().size());
    }

    @Test
    void noRequestRemainingWaitsUntilTheReset() throws Exception {
        final String reset = Long.toString(EPOCH_MS / 1000 + 30);
        server = new TestHttpServer(req -> response(200, "[{\"id\":\"1\"}]", "X-RateLimit-Remaining", "0",
            "X-RateLimit-Reset", reset));
        open(Map.of("url", server.url("/events"), "poll_interval", 1000));
        drive("the first page", () -> out.forwarded.size() == 1);
        now += 29_999;
        fetcher.produce(out);
        assertEquals(1, fetcher.requests(), "no request before the rate limit resets");
        now += 1;
        drive("the request after the reset", () -> server.seen().size() == 2);
    }

    @Test
    void forbiddenStopsTheResourceAfterExactlyOneRequest() throws Exception {
        server = new TestHttpServer(req -> response(403, "{\"message\":\"Bad credentials\"}",
            "X-RateLimit-Remaining", "4999"));
        open(Map.of("url", server.url("/events"), "poll_interval", 1000));
        drive("the 403", () -> fetcher.state(0).finished());
        assertEquals(ResourceState.Phase.FAILED, fetcher.state(0).phase());
        now += 3_600_000;
        assertEquals(Source.DONE, fetcher.produce(out), "nothing left to poll");
        assertEquals(1, server.seen().size());
        assertEquals(1, fetcher.failures());
        assertTrue(out.forwarded.isEmpty());
    }

    @Test
    void serverErrorsBackOffThenRecover() throws Exception {
        final AtomicInteger calls = new AtomicInteger();
        server = new TestHttpServer(req -> calls.incrementAndGet() <= 3 ? response(500, "oops")
            : response(200, "[{\"id\":\"1\"}]"));
        open(Map.of("url", server.url("/events"), "poll_interval", 1000, "backoff_initial", 100, "backoff_max", 250));
        final long[] delays = new long[3];
        for (int i = 0; i < 3; i++) {
            final int failures = i + 1;
            drive("failure " + failures, () -> fetcher.failures() == failures);
            delays[i] = fetcher.state(0).nextAtMs() - now;
            now = fetcher.state(0).nextAtMs();
        }
        assertEquals(List.of(100L, 200L, 250L), List.of(delays[0], delays[1], delays[2]));
        drive("recovery", () -> out.forwarded.size() == 1);
        assertEquals(4, server.seen().size());
        assertEquals(0, fetcher.state(0).backoffMs());
    }

    @Test
    void followsNextLinksUpToThePageLimit() throws Exception {
        server = new TestHttpServer(req -> {
            final int page = req.uri().contains("page=") ? Integer.parseInt(req.uri().replaceAll(".*page=", "")) : 1;
            return response(200, "[{\"id\":\"" + page + "\"}]", "Link", "<http://" + req.header("host")
                + "/events?page=1>; rel=\"first\", <http://" + req.header("host") + "/events?page=" + (page + 1)
                + ">; rel=\"next\"");
        });
        open(Map.of("url", server.url("/events"), "poll_interval", 1000, "page_limit", 3));
        drive("three pages", () -> out.forwarded.size() == 3);
        fetcher.produce(out);
        assertEquals(3, fetcher.requests(), "page limit reached; next poll not due");
        assertEquals(List.of("1", "2", "3"), out.forwarded.stream().map(e -> e.headers().get("page")).toList());
        assertEquals(List.of("/events", "/events?page=2", "/events?page=3"),
            server.seen().stream().map(TestHttpServer.Seen::uri).toList());
        now += 1000;
        drive("the next poll, from page 1", () -> server.seen().size() == 4);
        assertEquals("/events", server.seen().get(3).uri());
    }

    @Test
    void pollsTwoResourcesOnTheirOwnTimings() throws Exception {
        server = new TestHttpServer(req -> response(200, "[{\"id\":\"" + req.uri() + "\"}]"));
        open(Map.of("resources", List.of(
            Map.of("name", "fast", "url", server.url("/fast"), "poll_interval", "1s"),
            Map.of("name", "slow", "url", server.url("/slow"), "poll_interval", "5s"))));
        drive("both first pages", () -> out.forwarded.size() == 2);
        for (int second = 1; second <= 5; second++) {
            now += 1000;
            final int expected = 2 + second + (second == 5 ? 1 : 0);
            drive("polls at second " + second, () -> out.forwarded.size() == expected);
        }
        final long fast = server.seen().stream().filter(s -> s.uri().equals("/fast")).count();
        final long slow = server.seen().stream().filter(s -> s.uri().equals("/slow")).count();
        assertEquals(6, fast);
        assertEquals(2, slow);
    }

    @Test
    void aHungServerHitsTheRequestTimeoutAndTheNextRequestUsesANewConnection() throws Exception {
        server = new TestHttpServer(req -> null);
        open(Map.of("url", server.url("/events"), "request_timeout", "200ms", "backoff_initial", 100));
        drive("the request timeout", () -> fetcher.failures() == 1);
        assertTrue(fetcher.state(0).failure().contains("request_timeout"), fetcher.state(0).failure());
        now = fetcher.state(0).nextAtMs();
        drive("the retry", () -> server.seen().size() == 2);
        assertEquals(2, server.connections(), "the timed-out connection is not reused");
    }

    @Test
    void aPageOverMaxPageBytesIsAFailureNotAMessage() throws Exception {
        server = new TestHttpServer(req -> response(200, "[" + "\"x\",".repeat(500) + "\"x\"]"));
        open(Map.of("url", server.url("/events"), "max_page_bytes", 100));
        drive("the failure", () -> fetcher.failures() == 1);
        assertTrue(fetcher.state(0).failure().contains("max_page_bytes"), fetcher.state(0).failure());
        assertTrue(out.forwarded.isEmpty());
    }
}
