package io.satbus.core.tracking;

import io.satbus.core.protocol.MalformedFrameException;
import java.io.IOException;
import java.util.List;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessageInsufficientBufferException;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePackException;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.ValueType;

/**
 * Events, orchester -&gt; tracker. An encoder collects events into one frame until
 * {@link #drain()}; {@link #decode} hands a frame's events to a {@link TrackerEventHandler}.
 *
 * <pre>
 * frame = event event ...        one or more MessagePack arrays, back to back
 *
 * [1 HELLO,       topology: str]
 * [2 WORKER_UP,   worker: int, identity: str (hex), service: str, satellite: str, instance: int]
 * [3 WORKER_DOWN, worker: int]
 * [4 DISPATCHED,  dispatch_id: int64, attempt: int, worker: int]
 * [5 REPLIED,     dispatch_id: int64, attempt: int]
 * [6 FAILED,      dispatch_id: int64, attempt: int, at_ms: int64, outcome: str]
 * [7 PROGRESS,    dispatch_id: int64, attempt: int]
 * [8 LATE_REPLY,  dispatch_id: int64, attempt: int, worker: int]
 * [9 STATUS,      at_ms: int64, queued: int, in_flight: int, workers: int, malformed: int64,
 *                 refused: int64, queued_bytes: int64,
 *                 services: [[service: str, queue_depth: int, workers: int, queued_bytes: int64], ...]]
 * [10 RUN,        generated: int64, delivered: int64, duplicates: int64, dead: int64, lost: int64]
 * [11 SUSPECT,    dispatch_id: int64, attempt: int]
 * [12 GAVE_UP,    dispatch_id: int64, attempts: int, at_ms: int64, outcome: str, service: str]
 * [13 SATELLITE,  satellite: str, sent: int64, outstanding: int64, lost: int64, handled: int64,
 *                 restarts: int64, flapping: int64, up: int64, heap_used: int64]
 * [14 SECURITY,   forbidden: int64, refused_keys: int64]
 * </pre>
 * An encoder is owned by one thread. NOT thread safe. {@link #decode} is thread-safe.
 */
public final class TrackerEventCodec {
    public static final int HELLO = 1;
    public static final int WORKER_UP = 2;
    public static final int WORKER_DOWN = 3;
    public static final int DISPATCHED = 4;
    public static final int REPLIED = 5;
    public static final int FAILED = 6;
    public static final int PROGRESS = 7;
    public static final int LATE_REPLY = 8;
    public static final int STATUS = 9;
    public static final int RUN = 10;
    public static final int SUSPECT = 11;
    public static final int GAVE_UP = 12;
    public static final int SATELLITE = 13;
    public static final int SECURITY = 14;
    private static final int[] ARITY = {0, 2, 6, 2, 4, 3, 5, 3, 4, 9, 6, 3, 6, 2 + SatelliteFigures.COUNTS, 3};
    private static final String[] NAMES = {"", "HELLO", "WORKER_UP", "WORKER_DOWN", "DISPATCHED", "REPLIED",
        "FAILED", "PROGRESS", "LATE_REPLY", "STATUS", "RUN", "SUSPECT", "GAVE_UP", "SATELLITE", "SECURITY"};

    private final MessageBufferPacker packer = MessagePack.newDefaultBufferPacker();
    private int pending;

    public TrackerEventCodec hello(final String topology) {
        try {
            packer.packArrayHeader(2).packInt(HELLO).packString(topology);
        } catch (IOException impossible) {
            throw packerFailed(impossible);
        }
        return written();
    }

    public TrackerEventCodec workerUp(final int worker, final String identityHex, final String service,
                                      final String satellite, final int instance) {
        try {
            packer.packArrayHeader(6).packInt(WORKER_UP).packInt(worker).packString(identityHex)
                .packString(service).packString(satellite).packInt(instance);
        } catch (IOException impossible) {
            throw packerFailed(impossible);
        }
        return written();
    }

    public TrackerEventCodec workerDown(final int worker) {
        try {
            packer.packArrayHeader(2).packInt(WORKER_DOWN).packInt(worker);
        } catch (IOException impossible) {
            throw packerFailed(impossible);
        }
        return written();
    }

    public TrackerEventCodec dispatched(final long dispatchId, final int attempt, final int worker) {
        try {
            packer.packArrayHeader(4).packInt(DISPATCHED).packLong(dispatchId).packInt(attempt)
                .packInt(worker);
        } catch (IOException impossible) {
            throw packerFailed(impossible);
        }
        return written();
    }

    public TrackerEventCodec replied(final long dispatchId, final int attempt) {
        try {
            packer.packArrayHeader(3).packInt(REPLIED).packLong(dispatchId).packInt(attempt);
        } catch (IOException impossible) {
            throw packerFailed(impossible);
        }
        return written();
    }

    public TrackerEventCodec failed(final long dispatchId, final int attempt, final long atMs, final String outcome) {
        try {
            packer.packArrayHeader(5).packInt(FAILED).packLong(dispatchId).packInt(attempt)
                .packLong(atMs).packString(outcome);
        } catch (IOException impossible) {
            throw packerFailed(impossible);
        }
        return written();
    }

    public TrackerEventCodec progress(final long dispatchId, final int attempt) {
        try {
            packer.packArrayHeader(3).packInt(PROGRESS).packLong(dispatchId).packInt(attempt);
        } catch (IOException impossible) {
            throw packerFailed(impossible);
        }
        return written();
    }

    public TrackerEventCodec lateReply(final long dispatchId, final int attempt, final int worker) {
        try {
            packer.packArrayHeader(4).packInt(LATE_REPLY).packLong(dispatchId).packInt(attempt)
                .packInt(worker);
        } catch (IOException impossible) {
            throw packerFailed(impossible);
        }
        return written();
    }

    public TrackerEventCodec suspect(final long dispatchId, final int attempt) {
        try {
            packer.packArrayHeader(3).packInt(SUSPECT).packLong(dispatchId).packInt(attempt);
        } catch (IOException impossible) {
            throw packerFailed(impossible);
        }
        return written();
    }

    public TrackerEventCodec gaveUp(final long dispatchId, final int attempts, final long atMs, final String outcome,
                                    final String service) {
        try {
            packer.packArrayHeader(6).packInt(GAVE_UP).packLong(dispatchId).packInt(attempts).packLong(atMs)
                .packString(outcome).packString(service);
        } catch (IOException impossible) {
            throw packerFailed(impossible);
        }
        return written();
    }

    /** A status; {@code services} holds one {@link ServiceLine} per service. */
    public TrackerEventCodec status(final long atMs, final int queued, final int inFlight, final int workers,
                                    final long malformed, final long refused, final long queuedBytes,
                                    final List<ServiceLine> services) {
        try {
            packer.packArrayHeader(9).packInt(STATUS).packLong(atMs).packInt(queued).packInt(inFlight)
                .packInt(workers).packLong(malformed).packLong(refused).packLong(queuedBytes)
                .packArrayHeader(services.size());
            for (final ServiceLine s : services) {
                packer.packArrayHeader(4).packString(s.service()).packInt(s.queueDepth()).packInt(s.workers())
                    .packLong(s.queuedBytes());
            }
        } catch (IOException impossible) {
            throw packerFailed(impossible);
        }
        return written();
    }

    /** The run's accounting, as its supervisors last told the orchester (summed over their hosts). */
    public TrackerEventCodec run(final long generated, final long delivered, final long duplicates, final long dead,
                                 final long lost) {
        try {
            packer.packArrayHeader(6).packInt(RUN).packLong(generated).packLong(delivered).packLong(duplicates)
                .packLong(dead).packLong(lost);
        } catch (IOException impossible) {
            throw packerFailed(impossible);
        }
        return written();
    }

    /**
     * The orchester's security counters so far: messages dropped for stepping outside what their
     * peer may do ({@code forbidden}) and connections refused for an unknown key ({@code refused_keys}).
     */
    public TrackerEventCodec security(final long forbidden, final long refusedKeys) {
        try {
            packer.packArrayHeader(3).packInt(SECURITY).packLong(forbidden).packLong(refusedKeys);
        } catch (IOException impossible) {
            throw packerFailed(impossible);
        }
        return written();
    }

    /** One satellite's own figures, as its supervisor last told the orchester. */
    public TrackerEventCodec satellite(final SatelliteFigures f) {
        try {
            packer.packArrayHeader(2 + SatelliteFigures.COUNTS).packInt(SATELLITE).packString(f.satellite());
            for (long count : f.counts()) {
                packer.packLong(count);
            }
        } catch (IOException impossible) {
            throw packerFailed(impossible);
        }
        return written();
    }

    /** One service of a status event. */
    public record ServiceLine(String service, int queueDepth, int workers, long queuedBytes) {
    }

    /** Events written since the last {@link #drain()}. */
    public int pending() {
        return pending;
    }

    /** Bytes written since the last {@link #drain()}. */
    public long pendingBytes() {
        return packer.getTotalWrittenBytes();
    }

    /** The frame of every event written since the last drain, or null when there was none. */
    public byte[] drain() {
        if (pending == 0) {
            return null;
        }
        final byte[] frame = packer.toByteArray();
        packer.clear();
        pending = 0;
        return frame;
    }

    private TrackerEventCodec written() {
        pending++;
        return this;
    }

    static IllegalStateException packerFailed(final IOException impossible) {
        return new IllegalStateException("in-memory packer failed", impossible);
    }

    /**
     * Hands every event of {@code frame} to {@code handler}, in order; returns how many.
     *
     * @throws MalformedFrameException at the first event that is not one of the shapes above;
     *                                 the events before it have been handled
     */
    public static int decode(final byte[] frame, final TrackerEventHandler handler) throws MalformedFrameException {
        LinkFrames.checkFrame("tracker event", frame);
        return decode(frame, frame.length, handler);
    }

    /**
     * As {@link #decode(byte[], TrackerEventHandler)}, of a frame held in {@code array} from 0 to
     * {@code length} (a receive buffer longer than the frame). Nothing handed to {@code handler}
     * reads {@code array}: once this returns, it may be used again.
     */
    public static int decode(final byte[] array, final int length, final TrackerEventHandler handler)
        throws MalformedFrameException {
        LinkFrames.checkLength("tracker event", length);
        int n = 0;
        try (MessageUnpacker u = MessagePack.newDefaultUnpacker(array, 0, length)) {
            while (u.hasNext()) {
                one(u, handler);
                n++;
            }
            return n;
        } catch (MessageInsufficientBufferException truncated) {
            throw new MalformedFrameException("tracker event " + (n + 1) + " : truncated (expected: a complete array)",
                truncated);
        } catch (MessagePackException | IOException ex) {
            throw new MalformedFrameException("tracker event " + (n + 1) + " : not valid MessagePack ("
                + ex.getMessage() + ")", ex);
        }
    }

    private static void one(final MessageUnpacker u, final TrackerEventHandler h)
        throws IOException, MalformedFrameException {
        final int kind = LinkFrames.kind(u, "tracker event", ARITY, NAMES);
        switch (kind) {
            case HELLO -> h.onHello(LinkFrames.string(u, "HELLO topology"));
            case WORKER_UP -> h.onWorkerUp(LinkFrames.int32(u, "WORKER_UP worker"),
                LinkFrames.string(u, "WORKER_UP identity"), LinkFrames.string(u, "WORKER_UP service"),
                LinkFrames.string(u, "WORKER_UP satellite"), LinkFrames.int32(u, "WORKER_UP instance"));
            case WORKER_DOWN -> h.onWorkerDown(LinkFrames.int32(u, "WORKER_DOWN worker"));
            case DISPATCHED -> h.onDispatched(LinkFrames.integer(u, "DISPATCHED dispatch_id"),
                LinkFrames.int32(u, "DISPATCHED attempt"), LinkFrames.int32(u, "DISPATCHED worker"));
            case REPLIED -> h.onReplied(LinkFrames.integer(u, "REPLIED dispatch_id"),
                LinkFrames.int32(u, "REPLIED attempt"));
            case FAILED -> h.onFailed(LinkFrames.integer(u, "FAILED dispatch_id"), LinkFrames.int32(u, "FAILED attempt"),
                LinkFrames.integer(u, "FAILED at_ms"), LinkFrames.string(u, "FAILED outcome"));
            case PROGRESS -> h.onProgress(LinkFrames.integer(u, "PROGRESS dispatch_id"),
                LinkFrames.int32(u, "PROGRESS attempt"));
            case LATE_REPLY -> h.onLateReply(LinkFrames.integer(u, "LATE_REPLY dispatch_id"),
                LinkFrames.int32(u, "LATE_REPLY attempt"), LinkFrames.int32(u, "LATE_REPLY worker"));
            case SUSPECT -> h.onSuspect(LinkFrames.integer(u, "SUSPECT dispatch_id"), LinkFrames.int32(u, "SUSPECT attempt"));
            case GAVE_UP -> h.onGaveUp(LinkFrames.integer(u, "GAVE_UP dispatch_id"), LinkFrames.int32(u, "GAVE_UP attempts"),
                LinkFrames.integer(u, "GAVE_UP at_ms"), LinkFrames.string(u, "GAVE_UP outcome"),
                LinkFrames.string(u, "GAVE_UP service"));
            case RUN -> h.onRun(LinkFrames.integer(u, "RUN generated"), LinkFrames.integer(u, "RUN delivered"),
                LinkFrames.integer(u, "RUN duplicates"), LinkFrames.integer(u, "RUN dead"), LinkFrames.integer(u, "RUN lost"));
            case SATELLITE -> h.onSatellite(satelliteFigures(u));
            case SECURITY -> h.onSecurity(LinkFrames.integer(u, "SECURITY forbidden"),
                LinkFrames.integer(u, "SECURITY refused_keys"));
            default -> status(u, h);
        }
    }

    private static SatelliteFigures satelliteFigures(final MessageUnpacker u) throws IOException, MalformedFrameException {
        final String name = LinkFrames.string(u, "SATELLITE satellite");
        final long[] counts = new long[SatelliteFigures.COUNTS];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = LinkFrames.integer(u, "SATELLITE " + SatelliteFigures.NAMES[i]);
        }
        return SatelliteFigures.of(name, counts);
    }

    private static void status(final MessageUnpacker u, final TrackerEventHandler h)
        throws IOException, MalformedFrameException {
        h.onStatus(LinkFrames.integer(u, "STATUS at_ms"), LinkFrames.int32(u, "STATUS queued"),
            LinkFrames.int32(u, "STATUS in_flight"), LinkFrames.int32(u, "STATUS workers"),
            LinkFrames.integer(u, "STATUS malformed"), LinkFrames.integer(u, "STATUS refused"),
            LinkFrames.integer(u, "STATUS queued_bytes"));
        if (u.getNextFormat().getValueType() != ValueType.ARRAY) {
            throw new MalformedFrameException("STATUS services : " + u.getNextFormat().getValueType()
                + " (expected: ARRAY of [service, queue_depth, workers, queued_bytes])");
        }
        final int services = u.unpackArrayHeader();
        for (int i = 0; i < services; i++) {
            if (u.getNextFormat().getValueType() != ValueType.ARRAY || u.unpackArrayHeader() != 4) {
                throw new MalformedFrameException("STATUS service " + i + " : not a 4-element array (expected: "
                    + "[service, queue_depth, workers, queued_bytes])");
            }
            h.onServiceStatus(LinkFrames.string(u, "STATUS service name"), LinkFrames.int32(u, "STATUS queue_depth"),
                LinkFrames.int32(u, "STATUS workers"), LinkFrames.integer(u, "STATUS queued_bytes"));
        }
    }
}
