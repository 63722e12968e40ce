package io.satbus.tracker.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.codahale.metrics.MetricRegistry;
import io.satbus.core.security.CurveKey;
import io.satbus.core.security.KeyFiles;
import io.satbus.core.security.SecuritySpec;
import io.satbus.core.topology.Topology;
import io.satbus.tracker.TrackerBindException;
import io.satbus.tracker.testing.TestTopologies;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP view off loopback with security on asks for the bearer token of security.http_token (issue 12). */
@Timeout(30)
class StatsServerTokenTest {
    private static final String TOKEN = "s3cret-token-for-the-view-0123456789";

    @TempDir
    Path dir;

    private Topology secured(final Path token) {
        final CurveKey k = KeyFiles.create(dir, "orchester");
        return TestTopologies.topology("tok").withSecurity(new SecuritySpec(k, Map.of("orchester", k.publicOnly()),
            Map.of(), dir, token));
    }

    private static int get(final int port, final String authorization) throws Exception {
        final HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
            .timeout(Duration.ofSeconds(10));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void offLoopbackEveryRequestNeedsTheToken() throws Exception {
        final Path token = Files.writeString(dir.resolve("http.token"), TOKEN + "\n");
        try (StatsServer server = StatsServer.forRegistry(new MetricRegistry()).topology(secured(token)).host("0.0.0.0")
            .port(0).start()) {
            assertEquals(401, get(server.port(), null));
            assertEquals(401, get(server.port(), "Bearer wrong"));
            assertEquals(200, get(server.port(), "Bearer " + TOKEN));
        }
    }

    @Test
    void onLoopbackTheViewStaysOpen() throws Exception {
        final Path token = Files.writeString(dir.resolve("http.token"), TOKEN);
        try (StatsServer server = StatsServer.forRegistry(new MetricRegistry()).topology(secured(token)).host("127.0.0.1")
            .port(0).start()) {
            assertEquals(200, get(server.port(), null));
        }
    }

    @Test
    void offLoopbackWithSecurityAndNoTokenDoesNotStart() {
        final TrackerBindException e = assertThrows(TrackerBindException.class, () -> StatsServer
            .forRegistry(new MetricRegistry()).topology(secured(null)).host("0.0.0.0").port(0).start());
        assertTrue(e.getMessage().startsWith("metrics http : 0.0.0.0 is off loopback with security on and no "
            + "security.http_token"), e.getMessage());
    }
}
