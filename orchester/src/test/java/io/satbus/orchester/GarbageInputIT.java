package io.satbus.orchester;

import static io.satbus.testing.RawMdp.EMPTY;
import static io.satbus.testing.RawMdp.MDPC01;
import static io.satbus.testing.RawMdp.MDPW01;
import static io.satbus.testing.RawMdp.text;
import static io.satbus.testing.RawMdp.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satbus.core.Endpoints;
import io.satbus.core.protocol.WorkerInfo;
import io.satbus.testing.Eventually;
import io.satbus.testing.Ports;
import io.satbus.testing.RawMdp;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/** Garbage into every endpoint, from several sockets; the orchester must count it and go on serving. */
@Timeout(60)
class GarbageInputIT {
    private static final long HEARTBEAT_MS = 500;
    /** The raw worker heartbeats only while the test waits on it: forgive 10 s of silence. */
    private static final int LIVENESS = 20;
    private static final int MAX_MESSAGE_BYTES = 64 * 1024;
    private static final long WAIT_MS = 15_000;

    private final Random random = new Random(20_240_611);

    private byte[] randomBytes(final int max) {
        final byte[] b = new byte[random.nextInt(max + 1)];
        random.nextBytes(b);
        return b;
    }

    private byte[][] randomMultipart(final int maxFrames, final int maxBytes) {
        final byte[][] frames = new byte[1 + random.nextInt(maxFrames)][];
        for (int i = 0; i < frames.length; i++) {
            frames[i] = randomBytes(maxBytes);
        }
        return frames;
    }

    private static ZMQ.Socket dealer(final ZContext ctx, final String endpoint) {
        final ZMQ.Socket s = ctx.createSocket(SocketType.DEALER);
        s.setLinger(0);
        s.connect(endpoint);
        return s;
    }

    @Test
    void countsGarbageEverywhereAndKeepsServing() throws Exception {
        final OrchesterConfig config = OrchesterConfig.from(TestTopologies.topology("garbage", HEARTBEAT_MS, LIVENESS,
            MAX_MESSAGE_BYTES, 1, Map.of("echo", 1)));
        try (Orchester orchester = Orchester.start(config); ZContext ctx = new ZContext()) {
            final String service = Endpoints.tcp(Ports.HOST, config.servicePort());
            final String pubEndpoint = Endpoints.tcp(Ports.HOST, config.pubPort());
            final String subEndpoint = Endpoints.tcp(Ports.HOST, config.subPort());
            final RawMdp.Worker worker = new RawMdp.Worker(ctx, service, "echo", HEARTBEAT_MS);
            Eventually.waitUntil("worker registered", WAIT_MS, () -> orchester.status().workers() == 1);

            final List<byte[][]> garbage = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                garbage.add(randomMultipart(8, 64));
            }
            garbage.add(new byte[][] {EMPTY});
            garbage.add(new byte[][] {EMPTY, utf8("MDPC02"), utf8("echo"), utf8("x")});
            garbage.add(new byte[][] {EMPTY, utf8("MDPW00"), new byte[] {0x01}, utf8("echo")});
            garbage.add(new byte[][] {EMPTY, MDPC01, utf8("echo")});
            garbage.add(new byte[][] {EMPTY, MDPC01, new byte[300], utf8("x")});
            garbage.add(new byte[][] {EMPTY, MDPC01, EMPTY, utf8("x")});
            garbage.add(new byte[][] {EMPTY, MDPW01});
            garbage.add(new byte[][] {EMPTY, MDPW01, new byte[] {0x42}});
            garbage.add(new byte[][] {EMPTY, MDPW01, new byte[] {0x01}});
            garbage.add(new byte[][] {EMPTY, MDPW01, new byte[] {0x01}, utf8("echo"),
                Arrays.copyOf(new WorkerInfo("s", 1, 5).encode(), 7)});
            garbage.add(new byte[][] {EMPTY, MDPW01, new byte[] {0x01}, utf8("echo"), new byte[] {(byte) 0xc1}});
            garbage.add(new byte[][] {EMPTY, MDPW01, new byte[] {0x01}, utf8("satbus.admin")});
            garbage.add(new byte[][] {EMPTY, MDPW01, new byte[] {0x03}, new byte[3], EMPTY, utf8("x")});
            garbage.add(new byte[][] {EMPTY, MDPW01, new byte[] {0x03}, new byte[13], EMPTY, utf8("x")});
            garbage.add(new byte[][] {EMPTY, MDPW01, new byte[] {0x03}, new byte[12], utf8("no delimiter"), utf8("x")});
            garbage.add(new byte[][] {EMPTY, MDPW01, new byte[] {0x04}, utf8("extra")});
            garbage.add(new byte[][] {EMPTY, MDPW01, new byte[] {0x06}, new byte[5]});
            final byte[][] oversized = new byte[4][];
            Arrays.fill(oversized, new byte[MAX_MESSAGE_BYTES / 2]);
            garbage.add(oversized);
            final int surelyMalformed = garbage.size();

            final List<ZMQ.Socket> senders = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                senders.add(dealer(ctx, service));
            }
            for (int i = 0; i < garbage.size(); i++) {
                RawMdp.send(senders.get(i % senders.size()), garbage.get(i));
            }
            // Garbage from the registered worker itself must not take it down.
            RawMdp.send(worker.socket, EMPTY, MDPW01, new byte[] {0x03}, new byte[7], EMPTY, utf8("bad token"));
            RawMdp.send(worker.socket, EMPTY, MDPW01, new byte[] {0x17});
            RawMdp.send(worker.socket, EMPTY, MDPW01, new byte[] {0x03}, new byte[12], EMPTY, utf8("late"));
            // A single frame over the socket's max message size: the connection is dropped by ZeroMQ itself.
            RawMdp.send(dealer(ctx, service), new byte[MAX_MESSAGE_BYTES + 1]);

            final ZMQ.Socket pub = ctx.createSocket(SocketType.PUB);
            pub.setHandshakeIvl(Endpoints.HANDSHAKE_TIMEOUT_MS); // as satbus's own sockets: JeroMQ may leave a fresh connection without a handshake
            pub.setLinger(0);
            pub.connect(pubEndpoint);
            final ZMQ.Socket xsubPeer = ctx.createSocket(SocketType.XSUB);
            xsubPeer.setLinger(0);
            xsubPeer.connect(subEndpoint);
            for (int i = 0; i < 100; i++) {
                RawMdp.send(pub, randomMultipart(5, 128));
                RawMdp.send(xsubPeer, randomMultipart(3, 32));
            }
            RawMdp.send(pub, oversized);
            for (final int port : new int[] {config.servicePort(), config.pubPort(), config.subPort()}) {
                rawTcpGarbage(port);
            }

            Eventually.waitUntil(">= " + surelyMalformed + " malformed counted", WAIT_MS,
                () -> orchester.status().totals().malformed() >= surelyMalformed);

            final RawMdp.Client client = new RawMdp.Client(ctx, service);
            client.request("echo", utf8("still there?"));
            final List<byte[]> request = worker.nextRequest(WAIT_MS);
            assertNotNull(request, "the worker was taken down");
            worker.reply(request.get(0), utf8("yes"));
            final List<byte[]> reply = client.reply("echo", WAIT_MS);
            assertNotNull(reply, "no reply after garbage");
            assertEquals("yes", text(reply.get(0)));
            assertEquals(0, worker.disconnectsReceived, "the worker was told to DISCONNECT");

            final ZMQ.Socket sub = ctx.createSocket(SocketType.SUB);
            sub.setHandshakeIvl(Endpoints.HANDSHAKE_TIMEOUT_MS); // as satbus's own sockets: JeroMQ may leave a fresh connection without a handshake
            sub.setLinger(0);
            sub.subscribe(utf8("events"));
            sub.connect(subEndpoint);
            final List<byte[]> event = Eventually.waitFor("a published event", WAIT_MS, () -> {
                RawMdp.send(pub, utf8("events"), utf8("header"), utf8("payload"));
                return RawMdp.receive(sub, 20);
            });
            assertEquals(List.of("events", "header", "payload"), event.stream().map(RawMdp::text).toList());

            final OrchesterStatus status = orchester.status();
            assertEquals(1, status.workers());
            assertTrue(status.service("echo").counters().lateReplies() >= 1, "late reply counted");
            assertTrue(status.totals().malformed() >= surelyMalformed + 2, "malformed: " + status.totals().malformed());
        }
    }

    private static void rawTcpGarbage(final int port) throws IOException {
        try (Socket s = new Socket(Ports.HOST, port); OutputStream out = s.getOutputStream()) {
            final byte[] junk = new byte[4096];
            new Random(port).nextBytes(junk);
            out.write(junk);
            out.flush();
        } catch (IOException expected) {
            // the peer may reset the connection while we write: that is the point
        }
    }
}
