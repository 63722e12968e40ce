package io.satbus.satellites.runtime;

import static io.satbus.satellites.runtime.FakeOrchester.assertWorkerCommand;
import static io.satbus.satellites.runtime.FakeOrchester.envelope;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satbus.core.envelope.Envelope;
import io.satbus.core.envelope.EnvelopeCodec;
import io.satbus.core.protocol.Batch;
import io.satbus.core.protocol.Mdp;
import io.satbus.core.topology.SatelliteSpec;
import io.satbus.satellites.api.Output;
import io.satbus.satellites.api.Satellite;
import io.satbus.satellites.api.Source;
import io.satbus.testing.Eventually;
import io.satbus.testing.RawMdp;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Batches (docs/protocol.md 2.6) between the runtime and a raw ROUTER playing the orchester. */
class SatelliteRuntimeBatchTest {
    private static final int BURST = 20;

    private final FakeOrchester orchester = new FakeOrchester();
    private final CountDownLatch release = new CountDownLatch(1);
    private SatelliteRuntime runtime;

    @AfterEach
    void tearDown() {
        release.countDown();
        if (runtime != null) {
            runtime.close();
        }
        orchester.close();
    }

    private final Satellite echo = (message, out) ->
        out.reply("text/plain", ("re: " + text(message.payload())).getBytes(StandardCharsets.UTF_8));

    private void startWorker(final String sendTo, final Satellite satellite) {
        final SatelliteSpec spec = Specs.worker("echo", sendTo, Map.of());
        runtime = SatelliteRuntime.start(orchester.topology(1000, spec), spec, 0, satellite, Path.of("."));
    }

    /** A source that sends {@code payloads} in its first produce call, then is done. */
    private static Source burst(final List<byte[]> payloads) {
        return new Source() {
            private boolean sent;

            @Override
            public int produce(final Output out) {
                if (sent) {
                    return DONE;
                }
                sent = true;
                payloads.forEach(out::send);
                return payloads.size();
            }
        };
    }

    @Test
    @Timeout(20)
    void sendsReadyAndTheRequestsOfOneRoundInSatb01Batches() throws Exception {
        final List<byte[]> payloads = new ArrayList<>();
        for (int i = 0; i < BURST; i++) {
            payloads.add(("m" + i).getBytes(StandardCharsets.UTF_8));
        }
        startWorker("next", burst(payloads));

        final List<List<byte[]>> messages = new ArrayList<>();
        int zmqMessages = 0;
        int largestBatch = 0;
        while (messages.size() < 1 + BURST) {
            final List<byte[]> raw = RawMdp.receive(orchester.router, FakeOrchester.RECEIVE_TIMEOUT_MS);
            assertNotNull(raw, "READY and " + BURST + " requests; got " + messages.size() + " messages");
            assertEquals(4, raw.size(), "[identity][\"\"][\"SATB01\"][batch]");
            assertEquals(0, raw.get(1).length);
            assertEquals(Batch.PROTOCOL, new String(raw.get(2), StandardCharsets.US_ASCII));
            final List<List<byte[]>> batch = FakeOrchester.unpack(raw);
            batch.removeIf(m -> FakeOrchester.isWorkerCommand(m, Mdp.HEARTBEAT));
            messages.addAll(batch);
            zmqMessages++;
            largestBatch = Math.max(largestBatch, batch.size());
        }
        assertWorkerCommand(messages.get(0), Mdp.READY);
        for (int i = 0; i < BURST; i++) {
            final List<byte[]> f = messages.get(1 + i);
            assertEquals(6, f.size(), "[identity][\"\"][MDPC01][service][header][payload]");
            assertEquals(Mdp.CLIENT, new String(f.get(2), StandardCharsets.US_ASCII));
            assertEquals("next", text(f.get(3)));
            assertEquals("m" + i, text(EnvelopeCodec.decode(f.get(4), f.get(5)).payload()), "in order");
        }
        assertTrue(zmqMessages < BURST, BURST + " requests of one round in " + zmqMessages + " ZeroMQ messages");
        assertTrue(largestBatch > 1, "largest batch: " + largestBatch + " messages");
    }

    @Test
    @Timeout(20)
    void sendsAMessageTooLargeForABatchOnItsOwnAndInOrder() throws Exception {
        final byte[] big = new byte[Batch.DEFAULT_LIMIT_BYTES + 1];
        startWorker("next", burst(List.of("before".getBytes(StandardCharsets.UTF_8), big,
            "after".getBytes(StandardCharsets.UTF_8))));

        final List<List<byte[]>> batched = new ArrayList<>();
        List<byte[]> raw;
        while (Batch.isBatch(raw = nextRaw(), 1)) {
            batched.addAll(FakeOrchester.unpack(raw));
        }
        assertWorkerCommand(batched.get(0), Mdp.READY);
        assertEquals(2, batched.size(), "READY and \"before\", batched");
        assertEquals("before", text(batched.get(1).get(5)));
        assertEquals(6, raw.size(), "unbatched [identity][\"\"][MDPC01][service][header][payload]");
        assertEquals(Mdp.CLIENT, new String(raw.get(2), StandardCharsets.US_ASCII));
        assertEquals(big.length, raw.get(5).length);
        final List<byte[]> after = nextRaw();
        assertEquals(Batch.PROTOCOL, new String(after.get(2), StandardCharsets.US_ASCII));
        assertEquals("after", text(FakeOrchester.unpack(after).get(0).get(5)));
    }

    @Test
    @Timeout(20)
    void repliesToEachRequestOfABatchInOrder() throws Exception {
        startWorker(null, echo);
        final byte[] worker = orchester.awaitReady();
        final Batch.Writer w = new Batch.Writer(Batch.DEFAULT_LIMIT_BYTES);
        final List<byte[]> tokens = new ArrayList<>();
        // Payloads long enough for a batch past the smallest receive buffer (1 KiB): without
        // security the link reads batches into its buffers (docs/operations.md), checked below.
        final String pad = ".".repeat(500);
        for (int i = 0; i < 3; i++) {
            tokens.add(addRequest(w, 100 + i, envelope(200 + i, "p" + i + pad)));
        }
        assertTrue(w.size() > 1_024, "batch of " + w.size() + " bytes");
        orchester.sendBatch(worker, Arrays.copyOf(w.array(), w.size()));

        for (int i = 0; i < 3; i++) {
            final List<byte[]> reply = orchester.nextNonHeartbeat();
            assertWorkerCommand(reply, Mdp.REPLY);
            assertArrayEquals(tokens.get(i), reply.get(4), "token of request " + i);
            final Envelope body = EnvelopeCodec.decode(reply.get(7), reply.get(8));
            assertEquals(200 + i, body.id());
            assertEquals("re: p" + i + pad, text(body.payload()));
        }
        Eventually.waitUntil("3 handled", 10_000, () -> runtime.stats().handled() == 3, () -> runtime.stats().toString());
        assertEquals(3, runtime.stats().received());
        assertEquals(0, runtime.stats().malformed());
        assertTrue(runtime.linkBuffersTaken() >= 1, "batches received into buffers: " + runtime.linkBuffersTaken());
        // The replies went in batches sent from the link's send buffers, which JeroMQ gives back once written.
        Eventually.waitUntil("a sent batch's buffer given back", 10_000, () -> runtime.linkSendBuffersGivenBack() >= 1,
            () -> String.valueOf(runtime.linkSendBuffersGivenBack()));
    }

    @Test
    @Timeout(20)
    void countsABatchCutShortAsMalformedAndHandlesTheMessagesBeforeTheCut() throws Exception {
        startWorker(null, echo);
        final byte[] worker = orchester.awaitReady();
        final Batch.Writer w = new Batch.Writer(Batch.DEFAULT_LIMIT_BYTES);
        final byte[] first = addRequest(w, 1, envelope(11, "one"));
        final byte[] second = addRequest(w, 2, envelope(12, "two"));
        addRequest(w, 3, envelope(13, "cut"));
        orchester.sendBatch(worker, Arrays.copyOf(w.array(), w.size() - 3));

        assertArrayEquals(first, replyTo("one"));
        assertArrayEquals(second, replyTo("two"));
        Eventually.waitUntil("1 malformed", 10_000, () -> runtime.stats().malformed() == 1, () -> runtime.stats().toString());

        final Envelope later = envelope(14, "later");
        final byte[] token = orchester.request(worker, 4, EnvelopeCodec.encodeHeader(later), later.payload());
        assertArrayEquals(token, replyTo("later"));
        assertEquals(3, runtime.stats().received());
        assertEquals(0, runtime.stats().reconnects(), "still on its first connection");
    }

    @Test
    @Timeout(20)
    void flushesRepliesHeldByASlowRoundBeforeItsEnd() throws Exception {
        startWorker(null, (message, out) -> {
            final String p = text(message.payload());
            if (p.equals("slow")) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2 * SatelliteAgent.MAX_BATCH_HOLD_MS));
            } else if (p.equals("blocked") && !release.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("never released");
            }
            out.reply("text/plain", p.getBytes(StandardCharsets.UTF_8));
        });
        final byte[] worker = orchester.awaitReady();
        final Batch.Writer w = new Batch.Writer(Batch.DEFAULT_LIMIT_BYTES);
        final byte[] fast = addRequest(w, 1, envelope(21, "fast"));
        final byte[] slow = addRequest(w, 2, envelope(22, "slow"));
        final byte[] blocked = addRequest(w, 3, envelope(23, "blocked"));
        orchester.sendBatch(worker, Arrays.copyOf(w.array(), w.size()));

        assertArrayEquals(fast, replyTo("fast"), "sent while the round's last request is still being handled");
        assertArrayEquals(slow, replyTo("slow"));
        release.countDown();
        assertArrayEquals(blocked, replyTo("blocked"));
    }

    /** Appends a REQUEST of {@code message} to {@code w}; returns its token. */
    private static byte[] addRequest(final Batch.Writer w, final long dispatchId, final Envelope message) {
        final List<byte[]> frames = new ArrayList<>();
        final byte[] token = FakeOrchester.addRequest(frames, dispatchId, EnvelopeCodec.encodeHeader(message),
            message.payload());
        w.add(frames, 0);
        return token;
    }

    /** The next REPLY, checked to carry {@code payload}; returns its token. */
    private byte[] replyTo(final String payload) throws Exception {
        final List<byte[]> reply = orchester.nextNonHeartbeat();
        assertWorkerCommand(reply, Mdp.REPLY);
        final Envelope body = EnvelopeCodec.decode(reply.get(7), reply.get(8));
        assertTrue(text(body.payload()).endsWith(payload), "reply payload: " + text(body.payload()));
        return reply.get(4);
    }

    /** The next raw service message that is not a batch of heartbeats only. */
    private List<byte[]> nextRaw() {
        while (true) {
            final List<byte[]> raw = RawMdp.receive(orchester.router, FakeOrchester.RECEIVE_TIMEOUT_MS);
            assertNotNull(raw, "a service message");
            if (!Batch.isBatch(raw, 1)
                || !FakeOrchester.unpack(raw).stream().allMatch(m -> FakeOrchester.isWorkerCommand(m, Mdp.HEARTBEAT))) {
                return raw;
            }
        }
    }

    private static String text(final byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
