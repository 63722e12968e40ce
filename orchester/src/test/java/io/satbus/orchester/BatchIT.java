package io.satbus.orchester;

import static io.satbus.testing.RawMdp.EMPTY;
import static io.satbus.testing.RawMdp.MDPC01;
import static io.satbus.testing.RawMdp.MDPW01;
import static io.satbus.testing.RawMdp.text;
import static io.satbus.testing.RawMdp.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satbus.core.Endpoints;
import io.satbus.core.envelope.Reply;
import io.satbus.core.protocol.WorkerInfo;
import io.satbus.testing.Eventually;
import io.satbus.testing.Ports;
import io.satbus.testing.RawMdp;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * SATB01 batches (docs/protocol.md section 2.6) on a real orchester, packed and unpacked here by
 * hand from the protocol page, so that these tests also check the page against the code.
 */
@Timeout(30)
class BatchIT {
    private static final byte[] SATB01 = utf8("SATB01");
    /** Long enough that the raw worker that never heartbeats outlives a slow connect on a loaded machine. */
    private static final long HEARTBEAT_MS = 1000;
    private static final int LIVENESS = 30;
    private static final long WAIT_MS = 10_000;

    private Orchester orchester;
    private ZContext ctx;
    private String endpoint;

    @BeforeEach
    void start() {
        orchester = Orchester.start(OrchesterConfig.from(TestTopologies.topology("batch", HEARTBEAT_MS, LIVENESS,
            1 << 20, 1, Map.of("echo", 1))));
        endpoint = Endpoints.tcp(Ports.HOST, orchester.config().servicePort());
        ctx = new ZContext();
    }

    @AfterEach
    void stop() {
        ctx.close();
        orchester.close();
    }

    /** A batch frame: per message a uint16 frame count, then per frame a uint32 length and its bytes. */
    static byte[] pack(final List<byte[][]> messages) {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            for (final byte[][] m : messages) {
                out.writeShort(m.length);
                for (final byte[] f : m) {
                    out.writeInt(f.length);
                    out.write(f);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static List<List<byte[]>> unpack(final byte[] batch) {
        final ByteBuffer in = ByteBuffer.wrap(batch);
        final List<List<byte[]>> messages = new ArrayList<>();
        while (in.hasRemaining()) {
            final int n = in.getShort() & 0xffff;
            final List<byte[]> m = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                final byte[] f = new byte[in.getInt()];
                in.get(f);
                m.add(f);
            }
            messages.add(m);
        }
        return messages;
    }

    private static ZMQ.Socket dealer(final ZContext ctx, final String endpoint) {
        final ZMQ.Socket s = ctx.createSocket(SocketType.DEALER);
        s.setHandshakeIvl(Endpoints.HANDSHAKE_TIMEOUT_MS);
        s.setLinger(0);
        s.connect(endpoint);
        return s;
    }

    private static void sendBatch(final ZMQ.Socket s, final byte[] batch) {
        RawMdp.send(s, EMPTY, SATB01, batch);
    }

    /**
     * Receives until {@code n} messages other than HEARTBEATs have come; every ZeroMQ message must
     * be a batch when {@code batched}, and a plain message when not.
     */
    private static List<List<byte[]>> collect(final ZMQ.Socket s, final int n, final boolean batched) {
        final List<List<byte[]>> got = new ArrayList<>();
        final long deadline = System.currentTimeMillis() + WAIT_MS;
        while (got.size() < n) {
            final long left = deadline - System.currentTimeMillis();
            assertTrue(left > 0, "only " + got.size() + " of " + n + " messages came");
            final List<byte[]> m = RawMdp.receive(s, left);
            if (m == null) {
                continue;
            }
            assertEquals(0, m.get(0).length, "empty first frame");
            final List<List<byte[]>> inner;
            if (batched) {
                assertArrayEquals(SATB01, m.get(1), "a batch, got protocol " + text(m.get(1)));
                assertEquals(3, m.size(), "[\"\"][\"SATB01\"][batch]");
                inner = unpack(m.get(2));
            } else {
                assertTrue(Arrays.equals(MDPC01, m.get(1)) || Arrays.equals(MDPW01, m.get(1)),
                    "plain MDP, got protocol " + text(m.get(1)));
                inner = List.of(m.subList(1, m.size()));
            }
            for (final List<byte[]> msg : inner) {
                final boolean heartbeat = msg.size() == 2 && Arrays.equals(MDPW01, msg.get(0)) && msg.get(1)[0] == 0x04;
                if (!heartbeat) {
                    got.add(msg);
                }
            }
        }
        return got;
    }

    private void awaitWorkers(final int n) {
        Eventually.waitUntil(n + " workers registered", WAIT_MS, () -> orchester.status().workers() == n);
    }

    /** A worker of "echo" that said READY in a batch, once the orchester has it. */
    private ZMQ.Socket batchingWorker() {
        final ZMQ.Socket worker = dealer(ctx, endpoint);
        sendBatch(worker, pack(List.<byte[][]>of(new byte[][] {MDPW01, {0x01}, utf8("echo"),
            new WorkerInfo("echo", 0, 10).encode()})));
        awaitWorkers(1);
        return worker;
    }

    /** A client that sent "echo" requests m1..mn in one batch. */
    private ZMQ.Socket batchingClient(final int n) {
        final ZMQ.Socket client = dealer(ctx, endpoint);
        final List<byte[][]> requests = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            requests.add(new byte[][] {MDPC01, utf8("echo"), utf8("m" + i)});
        }
        sendBatch(client, pack(requests));
        return client;
    }

    @Test
    void aWorkerThatBatchesIsSentBatchesAndItsBatchedRepliesReachAPlainClientPlain() {
        final ZMQ.Socket worker = batchingWorker();
        final RawMdp.Client client = new RawMdp.Client(ctx, endpoint);
        for (int i = 1; i <= 3; i++) {
            client.request("echo", utf8("m" + i));
        }

        final List<List<byte[]>> requests = collect(worker, 3, true);
        final List<byte[][]> replies = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            final List<byte[]> r = requests.get(i);
            assertArrayEquals(MDPW01, r.get(0));
            assertEquals(0x02, r.get(1)[0], "REQUEST");
            assertEquals(12, r.get(2).length, "dispatch token");
            assertEquals(0, r.get(3).length);
            assertEquals("m" + (i + 1), text(r.get(4)));
            replies.add(new byte[][] {MDPW01, {0x03}, r.get(2), EMPTY, Reply.OK.encode(), utf8("M" + (i + 1))});
        }
        sendBatch(worker, pack(replies));

        for (int i = 1; i <= 3; i++) {
            final List<byte[]> reply = client.reply("echo", WAIT_MS);
            assertNotNull(reply, "reply " + i);
            assertEquals("M" + i, text(reply.get(0)), "replies in order, the reply header taken off");
        }
        assertEquals(3, orchester.status().totals().done());
        assertEquals(0, orchester.status().totals().malformed());
    }

    @Test
    void tokensInABatchOfRepliesAreReadWhereTheyLieAndEachReplyReachesABatchingClientInItsBatch() {
        final ZMQ.Socket worker = batchingWorker();
        final ZMQ.Socket client = batchingClient(3);
        final List<byte[]> tokens = new ArrayList<>();
        for (final List<byte[]> r : collect(worker, 3, true)) {
            tokens.add(r.get(2));
        }
        final byte[] otherAttempt = tokens.get(1).clone();
        otherAttempt[11]++;

        sendBatch(worker, pack(List.of(
            new byte[][] {MDPW01, {0x03}, tokens.get(0), EMPTY, Reply.OK.encode(), utf8("M1")},
            new byte[][] {MDPW01, {0x03}, Arrays.copyOf(tokens.get(1), 11), EMPTY, Reply.OK.encode(), utf8("cut token")},
            new byte[][] {MDPW01, {0x03}, otherAttempt, EMPTY, Reply.OK.encode(), utf8("another attempt's")},
            new byte[][] {MDPW01, {0x06}, otherAttempt},
            new byte[][] {MDPW01, {0x06}, tokens.get(2)},
            new byte[][] {MDPW01, {0x03}, tokens.get(1), EMPTY, Reply.OK.encode(), utf8("M2"), EMPTY},
            new byte[][] {MDPW01, {0x03}, tokens.get(2), EMPTY, Reply.OK.encode()})));

        final List<List<byte[]>> replies = collect(client, 3, true);
        assertEquals(List.of("echo", "M1"), List.of(text(replies.get(0).get(1)), text(replies.get(0).get(2))));
        assertEquals(3, replies.get(0).size());
        assertEquals("M2", text(replies.get(1).get(2)));
        assertEquals(4, replies.get(1).size(), "every frame of the body, an empty last one too");
        assertEquals(0, replies.get(1).get(3).length);
        assertEquals(2, replies.get(2).size(), "a reply with no body after its status: the client gets no body");
        for (final List<byte[]> r : replies) {
            assertArrayEquals(MDPC01, r.get(0));
        }
        final OrchesterStatus.CounterValues totals = orchester.status().totals();
        assertEquals(3, totals.done());
        assertEquals(1, totals.malformed(), "the 11-byte token");
        assertEquals(1, totals.lateReplies(), "the reply to another attempt");
        assertEquals(1, totals.progress(), "only the PROGRESS of the attempt in flight");
    }

    @Test
    void aClientThatBatchesIsAnsweredInBatchesThroughAPlainWorker() {
        final RawMdp.Worker worker = new RawMdp.Worker(ctx, endpoint, "echo", HEARTBEAT_MS);
        awaitWorkers(1);
        final ZMQ.Socket client = batchingClient(3);

        for (int i = 1; i <= 3; i++) {
            final List<byte[]> request = worker.nextRequest(WAIT_MS);
            assertNotNull(request, "the plain worker gets plain REQUESTs, one at a time: " + i);
            assertEquals("m" + i, text(request.get(1)));
            worker.reply(request.get(0), utf8("M" + i));
        }

        final List<List<byte[]>> replies = collect(client, 3, true);
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(MDPC01, replies.get(i).get(0));
            assertEquals("echo", text(replies.get(i).get(1)));
            assertEquals("M" + (i + 1), text(replies.get(i).get(2)));
        }
    }

    @Test
    void aBadMessageInABatchIsDroppedAloneAndABatchCutShortKeepsWhatCameBeforeTheCut() {
        final RawMdp.Worker worker = new RawMdp.Worker(ctx, endpoint, "echo", HEARTBEAT_MS);
        awaitWorkers(1);
        final ZMQ.Socket client = dealer(ctx, endpoint);
        final byte[] whole = pack(List.of(
            new byte[][] {MDPC01, utf8("echo"), utf8("a")},
            new byte[][] {utf8("NOPE01"), utf8("echo"), utf8("x")},
            new byte[][] {MDPC01, utf8("echo"), utf8("b")},
            new byte[][] {MDPC01, utf8("echo"), utf8("lost with the cut")}));
        sendBatch(client, Arrays.copyOf(whole, whole.length - 3));

        for (final String expected : List.of("a", "b")) {
            final List<byte[]> request = worker.nextRequest(WAIT_MS);
            assertNotNull(request, "request " + expected);
            assertEquals(expected, text(request.get(1)));
            worker.reply(request.get(0), utf8(expected.toUpperCase()));
        }
        Eventually.waitUntil("two malformed: the NOPE01 message and the cut", WAIT_MS,
            () -> orchester.status().totals().malformed() == 2);
        assertEquals(2, orchester.status().totals().requests(), "the message after the cut was never accepted");

        sendBatch(client, pack(List.<byte[][]>of(new byte[][] {MDPC01, utf8("echo"), utf8("c")})));
        final List<byte[]> later = worker.nextRequest(WAIT_MS);
        assertNotNull(later, "the client is still served");
        assertEquals("c", text(later.get(1)));
        worker.reply(later.get(0), utf8("C"));
        final List<String> bodies = new ArrayList<>();
        for (final List<byte[]> m : collect(client, 3, true)) {
            bodies.add(text(m.get(2)));
        }
        assertEquals(List.of("A", "B", "C"), bodies);
    }

    @Test
    void aReplyTooLargeForABatchGoesPlainAfterWhatWasBatchedBeforeIt() {
        orchester.close();
        final int maxMessage = 4096;
        orchester = Orchester.start(OrchesterConfig.from(TestTopologies.topology("batch", HEARTBEAT_MS, LIVENESS,
            maxMessage, 1, Map.of("echo", 1))));
        endpoint = Endpoints.tcp(Ports.HOST, orchester.config().servicePort());
        // The reply to the client carries the service name, the worker's REPLY does not: with a
        // long name, a REPLY within max_message_size makes a reply that no batch can hold.
        final String service = "echo-" + "x".repeat(195);
        final RawMdp.Worker worker = new RawMdp.Worker(ctx, endpoint, service, HEARTBEAT_MS);
        awaitWorkers(1);
        final ZMQ.Socket client = dealer(ctx, endpoint);
        sendBatch(client, pack(List.<byte[][]>of(
            new byte[][] {MDPC01, utf8(service), utf8("small")},
            new byte[][] {MDPC01, utf8(service), utf8("big")})));
        final List<byte[]> first = worker.nextRequest(WAIT_MS);
        assertNotNull(first);
        worker.reply(first.get(0), utf8("SMALL"));
        final List<byte[]> second = worker.nextRequest(WAIT_MS);
        assertNotNull(second);
        final byte[] big = new byte[maxMessage - 100];
        worker.reply(second.get(0), big);

        final List<List<byte[]>> small = collect(client, 1, true);
        assertEquals("SMALL", text(small.get(0).get(2)));
        final List<byte[]> m = RawMdp.receive(client, WAIT_MS);
        assertNotNull(m, "the large reply arrives");
        assertEquals(4, m.size(), "[\"\"][\"MDPC01\"][service][body]");
        assertArrayEquals(MDPC01, m.get(1), "plain: with its batch overhead it would pass max_message_size");
        assertEquals(big.length, m.get(3).length);
    }
}
