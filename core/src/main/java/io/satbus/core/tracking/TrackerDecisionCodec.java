package io.satbus.core.tracking;

import io.satbus.core.protocol.MalformedFrameException;
import java.io.IOException;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessageInsufficientBufferException;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePackException;
import org.msgpack.core.MessageUnpacker;

/**
 * Decisions, tracker -&gt; orchester. An encoder collects decisions into one frame until
 * {@link #drain()}; {@link #decode} hands a frame's decisions to a {@link TrackerDecisionHandler}.
 *
 * <pre>
 * frame = decision decision ...  one or more MessagePack arrays, back to back
 *
 * [1 TIMEOUT, dispatch_id: int64, attempt: int]    the attempt that is past its deadline
 * [2 RETRY,   dispatch_id: int64, attempt: int]    the number of the new attempt
 * [3 DEAD,    dispatch_id: int64, attempts: int]   attempts made
 * [4 RESYNC,  0, 0]                                this tracker never had the orchester's HELLO
 *                                                  (it started later): send HELLO and the state again
 * </pre>
 * An encoder is owned by one thread. NOT thread safe. {@link #decode} is thread-safe.
 */
public final class TrackerDecisionCodec {
    public static final int TIMEOUT = 1;
    public static final int RETRY = 2;
    public static final int DEAD = 3;
    public static final int RESYNC = 4;
    private static final int[] ARITY = {0, 3, 3, 3, 3};
    private static final String[] NAMES = {"", "TIMEOUT", "RETRY", "DEAD", "RESYNC"};

    private final MessageBufferPacker packer = MessagePack.newDefaultBufferPacker();
    private int pending;

    public TrackerDecisionCodec timeout(final long dispatchId, final int attempt) {
        return write(TIMEOUT, dispatchId, attempt);
    }

    public TrackerDecisionCodec retry(final long dispatchId, final int attempt) {
        return write(RETRY, dispatchId, attempt);
    }

    public TrackerDecisionCodec dead(final long dispatchId, final int attempts) {
        return write(DEAD, dispatchId, attempts);
    }

    public TrackerDecisionCodec resync() {
        return write(RESYNC, 0, 0);
    }

    private TrackerDecisionCodec write(final int kind, final long dispatchId, final int attempt) {
        try {
            packer.packArrayHeader(3).packInt(kind).packLong(dispatchId).packInt(attempt);
        } catch (IOException impossible) {
            throw TrackerEventCodec.packerFailed(impossible);
        }
        pending++;
        return this;
    }

    /** Decisions written since the last {@link #drain()}. */
    public int pending() {
        return pending;
    }

    /** The frame of every decision written since the last drain, or null when there was none. */
    public byte[] drain() {
        if (pending == 0) {
            return null;
        }
        final byte[] frame = packer.toByteArray();
        packer.clear();
        pending = 0;
        return frame;
    }

    /**
     * Hands every decision of {@code frame} to {@code handler}, in order; returns how many.
     *
     * @throws MalformedFrameException at the first decision that is not one of the shapes above;
     *                                 the decisions before it have been handled
     */
    public static int decode(final byte[] frame, final TrackerDecisionHandler handler) throws MalformedFrameException {
        LinkFrames.checkFrame("tracker decision", frame);
        int n = 0;
        try (MessageUnpacker u = MessagePack.newDefaultUnpacker(frame)) {
            while (u.hasNext()) {
                final int kind = LinkFrames.kind(u, "tracker decision", ARITY, NAMES);
                final long id = LinkFrames.integer(u, NAMES[kind] + " dispatch_id");
                final int attempt = LinkFrames.int32(u, NAMES[kind] + " attempt");
                switch (kind) {
                    case TIMEOUT -> handler.onTimeout(id, attempt);
                    case RETRY -> handler.onRetry(id, attempt);
                    case DEAD -> handler.onDead(id, attempt);
                    default -> handler.onResync();
                }
                n++;
            }
            return n;
        } catch (MessageInsufficientBufferException truncated) {
            throw new MalformedFrameException("tracker decision " + (n + 1) + " : truncated (expected: a complete "
                + "array)", truncated);
        } catch (MessagePackException | IOException ex) {
            throw new MalformedFrameException("tracker decision " + (n + 1) + " : not valid MessagePack ("
                + ex.getMessage() + ")", ex);
        }
    }
}
