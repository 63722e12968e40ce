package io.satbus.core.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satbus.core.protocol.MalformedFrameException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;

class TrackerLinkCodecTest {
    /** Writes every call as one line of text, to compare with what was encoded. */
    private static final class Recorder implements TrackerEventHandler, TrackerDecisionHandler {

        final List<String> seen = new ArrayList<>();

        @Override
        public void onSatellite(final SatelliteFigures figures) {
            seen.add("satellite " + figures);
        }

        @Override public void onHello(final String topology) { seen.add("hello " + topology); }
        @Override public void onWorkerUp(final int w, final String hex, final String svc, final String sat, final int i) {
            seen.add("up " + w + " " + hex + " " + svc + " " + sat + " " + i);
        }
        @Override public void onWorkerDown(final int w) { seen.add("down " + w); }
        @Override public void onDispatched(final long id, final int a, final int w) { seen.add("dispatched " + id + " " + a + " " + w); }
        @Override public void onReplied(final long id, final int a) { seen.add("replied " + id + " " + a); }
        @Override public void onFailed(final long id, final int a, final long at, final String o) {
            seen.add("failed " + id + " " + a + " " + at + " " + o);
        }
        @Override public void onProgress(final long id, final int a) { seen.add("progress " + id + " " + a); }
        @Override public void onLateReply(final long id, final int a, final int w) { seen.add("late " + id + " " + a + " " + w); }
        @Override public void onSuspect(final long id, final int a) { seen.add("suspect " + id + " " + a); }
        @Override public void onGaveUp(final long id, final int a, final long at, final String o, final String s) {
            seen.add("gave up " + id + " " + a + " " + at + " " + o + " " + s);
        }
        @Override public void onStatus(final long at, final int q, final int f, final int w, final long m, final long r,
                                       final long b) {
            seen.add("status " + at + " " + q + " " + f + " " + w + " " + m + " " + r + " " + b);
        }
        @Override public void onServiceStatus(final String s, final int q, final int w, final long b) {
            seen.add("service " + s + " " + q + " " + w + " " + b);
        }
        @Override public void onSecurity(final long forbidden, final long refusedKeys) {
            seen.add("security " + forbidden + " " + refusedKeys);
        }
        @Override public void onRun(final long g, final long d, final long r, final long x, final long l) {
            seen.add("run " + g + " " + d + " " + r + " " + x + " " + l);
        }
        @Override public void onTimeout(final long id, final int a) { seen.add("timeout " + id + " " + a); }
        @Override public void onRetry(final long id, final int a) { seen.add("retry " + id + " " + a); }
        @Override public void onDead(final long id, final int a) { seen.add("dead " + id + " " + a); }
        @Override public void onResync() { seen.add("resync"); }
    }

    @Test
    void roundTripsEveryEventInOrderInOneFrame() throws MalformedFrameException {
        final TrackerEventCodec e = new TrackerEventCodec();
        assertNull(e.drain(), "nothing written, no frame");
        e.hello("firehose").workerUp(7, "00ab", "parser", "parser", 1).dispatched(Long.MAX_VALUE, 1, 7)
            .progress(Long.MAX_VALUE, 1).failed(Long.MAX_VALUE, 1, 1_700_000_000_000L, Outcomes.TIMEOUT)
            .dispatched(Long.MAX_VALUE, 2, 7).replied(Long.MAX_VALUE, 2).lateReply(3, 1, 7).suspect(4, 1)
            .gaveUp(5, 0, 9, "expired: no worker within 30s", "parser").workerDown(7)
            .status(5, 1, 2, 3, 4, 6, 1L << 40, List.of(new TrackerEventCodec.ServiceLine("parser", 9, 2, 4096)));
        assertEquals(12, e.pending());
        final byte[] frame = e.drain();
        assertEquals(0, e.pending());
        final Recorder r = new Recorder();
        assertEquals(12, TrackerEventCodec.decode(frame, r));
        assertEquals(List.of("hello firehose", "up 7 00ab parser parser 1", "dispatched " + Long.MAX_VALUE + " 1 7",
            "progress " + Long.MAX_VALUE + " 1", "failed " + Long.MAX_VALUE + " 1 1700000000000 timeout",
            "dispatched " + Long.MAX_VALUE + " 2 7", "replied " + Long.MAX_VALUE + " 2", "late 3 1 7", "suspect 4 1",
            "gave up 5 0 9 expired: no worker within 30s parser", "down 7",
            "status 5 1 2 3 4 6 " + (1L << 40), "service parser 9 2 4096"), r.seen);
        assertNull(e.drain(), "drained");
    }

    /** A frame read into a receive buffer longer than itself: what follows it in the buffer is not read. */
    @Test
    void decodesAFrameHeldAtTheStartOfALongerBuffer() throws MalformedFrameException {
        final byte[] frame = new TrackerEventCodec().dispatched(42, 1, 7).replied(42, 1).drain();
        final byte[] next = new TrackerEventCodec().workerDown(7).drain();
        final byte[] buffer = new byte[frame.length + next.length + 16];
        System.arraycopy(frame, 0, buffer, 0, frame.length);
        System.arraycopy(next, 0, buffer, frame.length, next.length);
        final Recorder r = new Recorder();
        assertEquals(2, TrackerEventCodec.decode(buffer, frame.length, r));
        assertEquals(List.of("dispatched 42 1 7", "replied 42 1"), r.seen);
        final MalformedFrameException empty = assertThrows(MalformedFrameException.class,
            () -> TrackerEventCodec.decode(buffer, 0, r));
        assertEquals("tracker event frame : 0 bytes (expected: 1.." + (16 * 1024 * 1024)
            + " bytes of MessagePack arrays)", empty.getMessage());
    }

    @Test
    void roundTripsASatellitesOwnFigures() throws MalformedFrameException {
        final SatelliteFigures gen = new SatelliteFigures("gen", 1000, 3, 1, 0, 2, 0, 1, 64L << 20);
        final Recorder r = new Recorder();
        assertEquals(1, TrackerEventCodec.decode(new TrackerEventCodec().satellite(gen).drain(), r));
        assertEquals(List.of("satellite " + gen), r.seen);
    }

    @Test
    void roundTripsTheSecurityCountersAndRefusesThemShort() throws Exception {
        final Recorder r = new Recorder();
        assertEquals(1, TrackerEventCodec.decode(new TrackerEventCodec().security(11, 3).drain(), r));
        assertEquals(List.of("security 11 3"), r.seen);

        final MalformedFrameException ex = assertThrows(MalformedFrameException.class,
            () -> TrackerEventCodec.decode(pack(p -> p.packArrayHeader(2).packInt(14).packLong(1)), r));
        assertEquals("tracker event SECURITY : 2 elements (expected: 3)", ex.getMessage());
    }

    @Test
    void roundTripsTheRunsAccountingAndRefusesItWithoutAllFiveFigures() throws Exception {
        final Recorder r = new Recorder();
        assertEquals(1, TrackerEventCodec.decode(new TrackerEventCodec().run(200_000, 199_990, 12, 10, 0).drain(), r));
        assertEquals(List.of("run 200000 199990 12 10 0"), r.seen);

        final MalformedFrameException ex = assertThrows(MalformedFrameException.class,
            () -> TrackerEventCodec.decode(pack(p -> p.packArrayHeader(5).packInt(10).packLong(1).packLong(1)
                .packLong(0).packLong(0)), r));
        assertEquals("tracker event RUN : 5 elements (expected: 6)", ex.getMessage());
    }

    @Test
    void roundTripsDecisions() throws MalformedFrameException {
        final TrackerDecisionCodec d = new TrackerDecisionCodec();
        d.timeout(1, 1).retry(1, 2).dead(2, 3).resync();
        final Recorder r = new Recorder();
        assertEquals(4, TrackerDecisionCodec.decode(d.drain(), r));
        assertEquals(List.of("timeout 1 1", "retry 1 2", "dead 2 3", "resync"), r.seen);
    }

    @Test
    void refusesUnknownKindsWrongAritiesAndTypesSayingWhat() throws Exception {
        final Recorder r = new Recorder();
        MalformedFrameException ex = assertThrows(MalformedFrameException.class,
            () -> TrackerEventCodec.decode(pack(p -> p.packArrayHeader(2).packInt(42).packInt(1)), r));
        assertEquals("tracker event kind : 42 (expected: 1..14)", ex.getMessage());
        ex = assertThrows(MalformedFrameException.class,
            () -> TrackerEventCodec.decode(pack(p -> p.packArrayHeader(2).packString("REPLIED").packInt(1)), r));
        assertEquals("tracker event kind : STRING (expected: INTEGER)", ex.getMessage());
        ex = assertThrows(MalformedFrameException.class,
            () -> TrackerEventCodec.decode(pack(p -> p.packArrayHeader(2).packInt(5).packLong(1)), r));
        assertEquals("tracker event REPLIED : 2 elements (expected: 3)", ex.getMessage());
        ex = assertThrows(MalformedFrameException.class,
            () -> TrackerEventCodec.decode(pack(p -> p.packArrayHeader(3).packInt(5).packString("x").packInt(1)), r));
        assertEquals("REPLIED dispatch_id : STRING (expected: INTEGER)", ex.getMessage());
        ex = assertThrows(MalformedFrameException.class,
            () -> TrackerDecisionCodec.decode(pack(p -> p.packArrayHeader(3).packInt(5).packLong(1).packInt(1)), r));
        assertEquals("tracker decision kind : 5 (expected: 1..4)", ex.getMessage());
        ex = assertThrows(MalformedFrameException.class,
            () -> TrackerDecisionCodec.decode(pack(p -> p.packMapHeader(0)), r));
        assertEquals("tracker decision : MAP (expected: ARRAY [kind, ...])", ex.getMessage());
        ex = assertThrows(MalformedFrameException.class, () -> TrackerDecisionCodec.decode(new byte[0], r));
        assertTrue(ex.getMessage().startsWith("tracker decision frame : 0 bytes"), ex.getMessage());
        assertTrue(r.seen.isEmpty());
    }

    @Test
    void handsOverTheEventsBeforeATruncatedOne() {
        final TrackerEventCodec e = new TrackerEventCodec();
        final byte[] good = e.replied(1, 1).replied(2, 1).drain();
        final byte[] cut = java.util.Arrays.copyOf(good, good.length - 1);
        final Recorder r = new Recorder();
        final MalformedFrameException ex = assertThrows(MalformedFrameException.class, () -> TrackerEventCodec.decode(cut, r));
        assertTrue(ex.getMessage().startsWith("tracker event 2 : truncated"), ex.getMessage());
        assertEquals(List.of("replied 1 1"), r.seen);
    }

    private interface Packing {
        void pack(MessageBufferPacker p) throws Exception;
    }

    private static byte[] pack(final Packing body) throws Exception {
        try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
            body.pack(p);
            return p.toByteArray();
        }
    }
}
