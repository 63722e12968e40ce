package io.satbus.satellites.firehose;

import static io.satbus.satellites.firehose.TestHttpServer.response;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satbus.core.envelope.Envelope;
import io.satbus.satellites.builtin.TestContext;
import io.satbus.testing.Eventually;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fetcher against a real HTTPS server on 127.0.0.1 whose certificates keytool made for
 * this run. As in {@link FetcherIT} the test thread plays the runtime and owns the fetcher's
 * clock: backoff is read from the resource's state and "no attempt yet" is a count checked
 * right after produce, never a wait. Real waits (handshakes, responses) are for a condition,
 * with a deadline generous enough for a loaded machine.
 */
@Timeout(180)
class FetcherTlsIT {
    private static final long DEADLINE_NANOS = 60_000_000_000L;
    private static final String PAGE = "[{\"id\":\"1\"}]";

    /** For localhost and 127.0.0.1; the one ca_file trusts. */
    private static TestCertificate localhost;
    /** Also for localhost, but in no ca_file: untrusted. */
    private static TestCertificate stranger;
    /** For other.invalid only: trusted through ca_file, wrong for localhost. */
    private static TestCertificate other;

    @TempDir
    Path topologyDir;
    private final CapturingOutput out = new CapturingOutput();
    private long now = 0;
    private Fetcher fetcher;
    private TestHttpsServer server;

    @BeforeAll
    static void makeCertificates(@TempDir final Path certificates) throws Exception {
        localhost = TestCertificate.make(certificates, "localhost", "localhost", "dns:localhost,ip:127.0.0.1");
        stranger = TestCertificate.make(certificates, "stranger", "localhost", "dns:localhost,ip:127.0.0.1");
        other = TestCertificate.make(certificates, "other", "other.invalid", "dns:other.invalid");
    }

    @AfterEach
    void close() {
        if (fetcher != null) {
            fetcher.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void fetchesOverTlsWithTheCaFileAndKeepsTheConnectionFor304() throws Exception {
        server = new TestHttpsServer(localhost, req -> "\"v1\"".equals(req.header("if-none-match"))
            ? response(304, "") : response(200, PAGE, "ETag", "\"v1\""));
        copy(localhost.pem(), "certs/ca.pem");
        open(Map.of("url", server.url("localhost", "/events"), "poll_interval", 1000, "ca_file", "certs/ca.pem"));

        drive("the first page", () -> out.forwarded.size() == 1);
        final Envelope page = out.forwarded.get(0);
        assertEquals(PAGE, new String(page.payload(), StandardCharsets.UTF_8));
        assertEquals(server.url("localhost", "/events"), page.headers().get("url"));
        assertEquals("200", page.headers().get("status"));
        assertEquals("\"v1\"", page.headers().get("etag"));

        now += 1000;
        drive("the 304", () -> fetcher.notModified() == 1);
        assertEquals(2, server.seen().size());
        assertNull(server.seen().get(0).header("if-none-match"));
        assertEquals("\"v1\"", server.seen().get(1).header("if-none-match"));
        assertEquals("localhost:" + server.port(), server.seen().get(1).header("host"));
        assertEquals(1, out.forwarded.size(), "a 304 sends nothing on");
        assertEquals(1, server.connections(), "both requests on one kept-alive TLS connection");
        assertEquals(1, server.handshakes());
        assertEquals(0, fetcher.failures());
    }

    @Test
    void withoutCaFileAPrivateCertificateIsNotTrustedAndTheResourceBacksOff() throws Exception {
        server = new TestHttpsServer(localhost, req -> response(200, PAGE));
        open(Map.of("url", server.url("localhost", "/events"), "backoff_initial", 100, "backoff_max", 1000));

        assertEquals(List.of(100L, 200L, 400L), failThreeTimes());
        final String why = fetcher.state(0).failure();
        assertTrue(why.startsWith("TLS handshake with https://localhost:" + server.port() + " failed: the server's"
            + " certificate is not trusted (no CA of the JDK's default trust store signed it; set ca_file"), why);
        assertTrue(why.contains("PKIX path building failed"), why);
        assertEquals(3, fetcher.state(0).failuresInARow());
        assertEquals(3, server.connections(), "one connection per attempt");
        Eventually.waitUntil("the server to see 3 refused handshakes", DEADLINE_NANOS / 1_000_000,
            () -> server.failedHandshakes() == 3);
        assertEquals(0, server.handshakes());
        assertTrue(server.seen().isEmpty(), "no HTTP request leaves before the handshake: " + server.seen());
        assertTrue(out.forwarded.isEmpty());
    }

    @Test
    void aCertificateOutsideTheCaFileIsRefusedUntilTheServerPresentsATrustedOne() throws Exception {
        server = new TestHttpsServer(stranger, req -> response(200, PAGE));
        copy(localhost.pem(), "ca.pem");
        open(Map.of("url", server.url("localhost", "/events"), "ca_file", "ca.pem", "backoff_initial", 100,
            "backoff_max", 1000));

        assertEquals(List.of(100L, 200L, 400L), failThreeTimes());
        final String why = fetcher.state(0).failure();
        assertTrue(why.contains("not trusted (no certificate in ca_file " + topologyDir.resolve("ca.pem") + " signed it)"),
            why);
        assertTrue(server.seen().isEmpty(), server.seen().toString());

        server.present(localhost);
        drive("recovery", () -> out.forwarded.size() == 1);
        assertRecovered();
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "127.0.0.1"})
    void aTrustedCertificateForAnotherHostIsRefusedUntilTheServerPresentsTheRightOne(final String host)
        throws Exception {
        server = new TestHttpsServer(other, req -> response(200, PAGE));
        // Both trusted, so that only the name can fail; a bundle of two with a comment between.
        Files.writeString(topologyDir.resolve("bundle.pem"), Files.readString(other.pem()) + "# our CA\n"
            + Files.readString(localhost.pem()));
        open(Map.of("url", server.url(host, "/events"), "ca_file", "bundle.pem", "backoff_initial", 100,
            "backoff_max", 1000));

        assertEquals(List.of(100L, 200L, 400L), failThreeTimes());
        final String why = fetcher.state(0).failure();
        assertTrue(why.startsWith("TLS handshake with https://" + host + ":" + server.port() + " failed: the server's"
            + " certificate is for another host name (No subject alternative"), why);
        assertTrue(server.seen().isEmpty(), server.seen().toString());
        assertEquals(0, server.handshakes());

        server.present(localhost);
        drive("recovery", () -> out.forwarded.size() == 1);
        assertRecovered();
    }

    @Test
    void aServerThatNeverAnswersTheHandshakeFailsAtTheConnectTimeoutAndBacksOff() throws Exception {
        // Accepted by the kernel's backlog, never read: the ClientHello goes unanswered.
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            open(Map.of("url", "https://localhost:" + silent.getLocalPort() + "/events", "connect_timeout", "500ms",
                "backoff_initial", 100, "backoff_max", 1000));
            drive("the handshake timeout", () -> fetcher.failures() == 1);
            final String why = fetcher.state(0).failure();
            assertTrue(why.startsWith("TLS handshake with https://localhost:" + silent.getLocalPort() + " failed: no"
                + " handshake within connect_timeout 500 ms ("), why);
            assertEquals(100, fetcher.state(0).backoffMs());
            now = fetcher.state(0).nextAtMs();
            drive("the second handshake timeout", () -> fetcher.failures() == 2);
            assertEquals(200, fetcher.state(0).backoffMs());
            assertTrue(out.forwarded.isEmpty());
        }
    }

    @Test
    void aMissingCaFileIsAConfigurationErrorNamingKeyPathAndWhatWasExpected() {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> open(Map.of("url", "https://localhost:1/events", "ca_file", "certs/missing.pem")));
        assertEquals("satellites.fetch.config.ca_file : \"certs/missing.pem\" at " + topologyDir.resolve("certs/missing.pem")
            + ": not found (expected: a PEM file of one or more certificates (-----BEGIN CERTIFICATE-----), relative to"
            + " the topology file's folder)", e.getMessage());
    }

    @Test
    void aCaFileWithoutPemCertificatesIsAConfigurationError() throws Exception {
        copy(localhost.keyStore(), "server.p12");
        final IllegalArgumentException keyStore = assertThrows(IllegalArgumentException.class,
            () -> open(Map.of("url", "https://localhost:1/events", "ca_file", "server.p12")));
        assertTrue(keyStore.getMessage().startsWith("satellites.fetch.config.ca_file : \"server.p12\" at "
            + topologyDir.resolve("server.p12") + ": no PEM certificate in it (no -----BEGIN CERTIFICATE----- line)"
            + " (expected: a PEM file"), keyStore.getMessage());

        Files.writeString(topologyDir.resolve("broken.pem"), "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n"
            + "-----END CERTIFICATE-----\n");
        final IllegalArgumentException broken = assertThrows(IllegalArgumentException.class,
            () -> open(Map.of("url", "https://localhost:1/events", "ca_file", "broken.pem")));
        assertTrue(broken.getMessage().startsWith("satellites.fetch.config.ca_file : \"broken.pem\" at "
            + topologyDir.resolve("broken.pem") + ": certificate 1 is not an X.509 certificate ("), broken.getMessage());
    }

    /** Three failed attempts, each started once the last backoff has passed; returns the three delays. */
    private List<Long> failThreeTimes() {
        final long[] delays = new long[3];
        for (int i = 0; i < 3; i++) {
            final int failures = i + 1;
            drive("failure " + failures, () -> fetcher.failures() == failures);
            delays[i] = fetcher.state(0).nextAtMs() - now;
            fetcher.produce(out);
            assertEquals(failures, fetcher.requests(), "no new attempt before the backoff has passed");
            now = fetcher.state(0).nextAtMs();
        }
        return List.of(delays[0], delays[1], delays[2]);
    }

    private void assertRecovered() {
        assertEquals(PAGE, new String(out.forwarded.get(0).payload(), StandardCharsets.UTF_8));
        assertEquals(1, server.seen().size(), "the first request that got through the handshake");
        assertEquals(1, server.handshakes());
        assertEquals(ResourceState.Phase.WAITING, fetcher.state(0).phase());
        assertEquals(0, fetcher.state(0).backoffMs());
        assertEquals(0, fetcher.state(0).failuresInARow());
        assertNull(fetcher.state(0).failure());
    }

    private void open(final Map<String, Object> config) {
        fetcher = new Fetcher(name -> null, () -> now, () -> 1_700_000_000_000L + now);
        fetcher.open(TestContext.of("fetch", "parser", List.of(), config, topologyDir));
    }

    private void copy(final Path from, final String to) throws Exception {
        final Path target = topologyDir.resolve(to);
        Files.createDirectories(target.getParent());
        Files.copy(from, target);
    }

    /** Calls produce until {@code done}; the clock stays where the test put it. */
    private void drive(final String what, final BooleanSupplier done) {
        final long deadline = System.nanoTime() + DEADLINE_NANOS;
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what + "; state " + fetcher.state(0)
                    + (server == null ? "" : ", seen " + server.seen()));
            }
            fetcher.produce(out);
            LockSupport.parkNanos(1_000_000);
        }
    }
}
