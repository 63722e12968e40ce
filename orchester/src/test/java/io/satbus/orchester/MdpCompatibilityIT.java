package io.satbus.orchester;

import static io.satbus.testing.RawMdp.text;
import static io.satbus.testing.RawMdp.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.satbus.core.Endpoints;
import io.satbus.testing.Eventually;
import io.satbus.testing.Ports;
import io.satbus.testing.RawMdp;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/** The orchester against plain MDP/0.1 peers that know nothing of satbus. */
@Timeout(30)
class MdpCompatibilityIT {
    private static final long HEARTBEAT_MS = 200;
    /**
     * Raw workers heartbeat only while a test waits on them, so the silence the
     * orchester forgives (5 s) must outlast any stall of a loaded machine between
     * two waits; only the test of a worker that dies relies on it running out.
     */
    private static final int LIVENESS = 25;
    private static final long WAIT_MS = 10_000;

    private Orchester orchester;
    private ZContext ctx;
    private String endpoint;

    @BeforeEach
    void start() {
        orchester = Orchester.start(OrchesterConfig.from(TestTopologies.topology("compat", HEARTBEAT_MS, LIVENESS, 1 << 20, 1,
            Map.of("echo", 1))));
        endpoint = Endpoints.tcp(Ports.HOST, orchester.config().servicePort());
        ctx = new ZContext();
    }

    @AfterEach
    void stop() {
        ctx.close();
        orchester.close();
    }

    private void awaitWorkers(final int n) {
        try {
            Eventually.waitUntil(n + " workers registered", WAIT_MS, () -> orchester.status().workers() == n);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; status: " + orchester.status().toJson(), e);
        }
    }

    @Test
    void roundTripsARequestFromAReqClient() {
        final RawMdp.Worker worker = new RawMdp.Worker(ctx, endpoint, "echo", HEARTBEAT_MS);
        awaitWorkers(1);
        final ZMQ.Socket req = ctx.createSocket(SocketType.REQ);
        req.setHandshakeIvl(Endpoints.HANDSHAKE_TIMEOUT_MS); // as satbus's own sockets: JeroMQ may leave a fresh connection without a handshake
        req.connect(endpoint);
        RawMdp.send(req, RawMdp.MDPC01, utf8("echo"), utf8("hello"), utf8("world"));

        final List<byte[]> request = worker.nextRequest(WAIT_MS);
        assertNotNull(request, "worker got no REQUEST");
        assertEquals(12, request.get(0).length, "reply-to is the 12-byte dispatch token");
        assertEquals("hello", text(request.get(1)));
        assertEquals("world", text(request.get(2)));
        worker.reply(request.get(0), utf8("hello!"));

        final List<byte[]> reply = RawMdp.receive(req, WAIT_MS);
        assertNotNull(reply, "client got no reply");
        assertEquals(3, reply.size());
        assertArrayEquals(RawMdp.MDPC01, reply.get(0));
        assertEquals("echo", text(reply.get(1)));
        assertEquals("hello!", text(reply.get(2)));
    }

    @Test
    void twoWorkersShareTheLoad() {
        final RawMdp.Worker a = new RawMdp.Worker(ctx, endpoint, "echo", HEARTBEAT_MS);
        final RawMdp.Worker b = new RawMdp.Worker(ctx, endpoint, "echo", HEARTBEAT_MS);
        awaitWorkers(2);
        final RawMdp.Client client = new RawMdp.Client(ctx, endpoint);
        client.request("echo", utf8("one"));
        client.request("echo", utf8("two"));

        final List<byte[]> ra = a.nextRequest(WAIT_MS);
        final List<byte[]> rb = b.nextRequest(WAIT_MS);
        assertNotNull(ra, "worker a got nothing");
        assertNotNull(rb, "worker b got nothing");
        assertEquals(Set.of("one", "two"), Set.of(text(ra.get(1)), text(rb.get(1))));
        a.reply(ra.get(0), utf8("a:" + text(ra.get(1))));
        b.reply(rb.get(0), utf8("b:" + text(rb.get(1))));

        final Set<String> replies = new HashSet<>();
        replies.add(text(client.reply("echo", WAIT_MS).get(0)));
        replies.add(text(client.reply("echo", WAIT_MS).get(0)));
        assertEquals(2, replies.size());
        assertTrue(replies.stream().anyMatch(r -> r.startsWith("a:")) && replies.stream().anyMatch(r -> r.startsWith("b:")));
    }

    @Test
    void redispatchesWhenWorkerDiesMidRequest() {
        final RawMdp.Worker doomed = new RawMdp.Worker(ctx, endpoint, "echo", HEARTBEAT_MS);
        awaitWorkers(1);
        final RawMdp.Client client = new RawMdp.Client(ctx, endpoint);
        client.request("echo", utf8("precious"));
        final List<byte[]> first = doomed.nextRequest(WAIT_MS);
        assertNotNull(first, "first worker got nothing");

        final RawMdp.Worker survivor = new RawMdp.Worker(ctx, endpoint, "echo", HEARTBEAT_MS);
        awaitWorkers(2);
        doomed.close();

        final List<byte[]> second = survivor.nextRequest(WAIT_MS + HEARTBEAT_MS * LIVENESS);
        assertNotNull(second, "request was not re-dispatched");
        assertEquals("precious", text(second.get(1)));
        assertEquals(2, DispatchTokens.attempt(second.get(0)), "second attempt");
        assertEquals(DispatchTokens.id(first.get(0)), DispatchTokens.id(second.get(0)), "same dispatch");
        survivor.reply(second.get(0), utf8("saved"));

        assertEquals("saved", text(client.reply("echo", WAIT_MS).get(0)));
        assertNull(client.reply("echo", 5 * HEARTBEAT_MS), "exactly one reply");
        final OrchesterStatus.CounterValues c = orchester.status().service("echo").counters();
        assertEquals(1, c.workerLost());
        assertEquals(1, c.retries());
        assertEquals(1, c.done());
    }

    @Test
    void answersMmiServiceWith200Or404() {
        new RawMdp.Worker(ctx, endpoint, "echo", HEARTBEAT_MS);
        awaitWorkers(1);
        final RawMdp.Client client = new RawMdp.Client(ctx, endpoint);
        client.request("mmi.service", utf8("echo"));
        assertEquals("200", text(client.reply("mmi.service", WAIT_MS).get(0)));
        client.request("mmi.service", utf8("nobody"));
        assertEquals("404", text(client.reply("mmi.service", WAIT_MS).get(0)));
        client.request("mmi.nothing", utf8("x"));
        assertEquals("501", text(client.reply("mmi.nothing", WAIT_MS).get(0)));
    }

    @Test
    void answersAdminStatusWithJson() throws Exception {
        final RawMdp.Worker worker = new RawMdp.Worker(ctx, endpoint, "echo", HEARTBEAT_MS);
        awaitWorkers(1);
        final RawMdp.Client client = new RawMdp.Client(ctx, endpoint);
        client.request("echo", utf8("ping"));
        final List<byte[]> r = worker.nextRequest(WAIT_MS);
        worker.reply(r.get(0), utf8("pong"));
        assertEquals("pong", text(client.reply("echo", WAIT_MS).get(0)));
        client.request("queued", utf8("waits"));

        client.request("satbus.admin", utf8("status"));
        final List<byte[]> body = client.reply("satbus.admin", WAIT_MS);
        assertEquals(1, body.size());
        final JsonNode json = new ObjectMapper().readTree(body.get(0));
        assertEquals("compat", json.get("topology").asText());
        assertEquals(1, json.get("queued").asInt());
        assertEquals(0, json.get("in_flight").asInt());
        assertEquals(2, json.get("totals").get("requests").asLong());
        assertEquals(1, json.get("totals").get("done").asLong());
        final JsonNode echo = json.get("services").get(0);
        assertEquals("echo", echo.get("name").asText());
        assertEquals(1, echo.get("counters").get("dispatched").asLong());
        assertEquals(1, echo.get("workers").get(0).get("credit").asInt());
        assertEquals(-1, echo.get("workers").get(0).get("instance").asInt());
        assertEquals("queued", json.get("services").get(1).get("name").asText());
        assertEquals(1, json.get("services").get(1).get("queue_depth").asInt());
        assertEquals(OrchesterStatus.fromJson(text(body.get(0))).totals().requests(), 2);

        client.request("satbus.admin", utf8("reboot"));
        final JsonNode error = new ObjectMapper().readTree(client.reply("satbus.admin", WAIT_MS).get(0));
        assertTrue(error.get("error").asText().contains("reboot"), error.toString());
    }
}
