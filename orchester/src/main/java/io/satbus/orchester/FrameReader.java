package io.satbus.orchester;

import io.satbus.core.protocol.Batch;
import io.satbus.core.protocol.MalformedFrameException;
import io.satbus.core.zmq.ReceiveBuffers;
import java.util.List;
import org.zeromq.ZMQ;

/**
 * Reads one whole multipart message from a socket without blocking, and checks its size: a
 * message over {@code maxBytes} in total or over {@code maxFrames} frames is read to its end
 * (so the next message starts clean) and refused. With security on, it also keeps the
 * message's {@code User-Id} (the name of the key its connection was admitted with, set by
 * {@link KeyGate}). Owned by the orchester thread. NOT thread safe.
 *
 * <p>A socket that reads into {@link ReceiveBuffers} hands its batches over as they were received:
 * the batch frame of {@code [identity][""]["SATB01"][batch]} is then {@link #takeBatch taken} as
 * JeroMQ's message, its place in the frames held by {@link #POOLED_BATCH}, and given back to the
 * buffers once read. Any other frame read into a buffer is copied out and the buffer given back
 * at once.
 */
final class FrameReader {
    /** In the place of a batch frame that {@link #takeBatch} holds. */
    static final byte[] POOLED_BATCH = new byte[0];

    private final long maxBytes;
    private final int maxFrames;
    private final boolean userIds;
    private ReceiveBuffers buffers;
    private zmq.Msg batch;
    private String userId;

    FrameReader(final long maxBytes, final int maxFrames) {
        this(maxBytes, maxFrames, false);
    }

    /** @param userIds whether to keep each message's User-Id ({@link #userId()}) */
    FrameReader(final long maxBytes, final int maxFrames, final boolean userIds) {
        this.maxBytes = maxBytes;
        this.maxFrames = maxFrames;
        this.userIds = userIds;
    }

    /**
     * Reads messages of {@code socket} (which reads into {@code buffers}) with their batch frames
     * left in the buffers, for {@link #takeBatch}.
     */
    void readsInto(final ReceiveBuffers buffers) {
        this.buffers = buffers;
    }

    /**
     * The batch frame of the last message read when it was left in a receive buffer (the frame in
     * the list is then {@link #POOLED_BATCH}), else null. The caller gives it back to the buffers
     * once nothing reads it.
     */
    zmq.Msg takeBatch() {
        final zmq.Msg taken = batch;
        batch = null;
        return taken;
    }

    /** The User-Id of the last message read: its key's name; null without security or when it carried none. */
    String userId() {
        return userId;
    }

    private zmq.Msg recv(final ZMQ.Socket socket, final int flags) {
        final zmq.Msg msg = socket.recvMsg(flags);
        if (msg == null || !userIds) {
            return msg;
        }
        final zmq.io.Metadata metadata = msg.getMetadata();
        if (metadata != null) {
            final String id = metadata.get(zmq.io.Metadata.USER_ID);
            if (id != null) {
                userId = id;
            }
        }
        return msg;
    }

    /** Adds {@code msg}'s bytes to {@code into}, or keeps it as the batch when it is one left in a buffer. */
    private void add(final zmq.Msg msg, final boolean last, final List<byte[]> into) {
        if (buffers == null) {
            into.add(msg.data());
        } else if (last && Batch.leadsABatch(into, 1) && ReceiveBuffers.pooled(msg)) {
            batch = msg;
            into.add(POOLED_BATCH);
        } else {
            into.add(buffers.copyOut(msg));
        }
    }

    /**
     * Replaces the content of {@code into} with the next message of {@code socket}.
     *
     * @return false when no message was waiting
     * @throws MalformedFrameException when the message was too large (it has been consumed)
     */
    boolean read(final ZMQ.Socket socket, final List<byte[]> into) throws MalformedFrameException {
        into.clear();
        userId = null;
        batch = null;
        zmq.Msg frame = recv(socket, ZMQ.DONTWAIT);
        if (frame == null) {
            return false;
        }
        long bytes = 0;
        int frames = 0;
        while (true) {
            bytes += frame.size();
            frames++;
            final boolean more = socket.hasReceiveMore();
            if (bytes <= maxBytes && frames <= maxFrames) {
                add(frame, !more, into);
            }
            if (!more) {
                break;
            }
            frame = recv(socket, 0);
        }
        if (bytes > maxBytes || frames > maxFrames) {
            into.clear();
            batch = null;
            throw new MalformedFrameException("message : " + bytes + " bytes in " + frames + " frames (expected: at most "
                + maxBytes + " bytes and " + maxFrames + " frames)");
        }
        return true;
    }

    /** Sends {@code frames} as one multipart message without blocking; false when the socket refused it. */
    static boolean send(final ZMQ.Socket socket, final List<byte[]> frames) {
        final int last = frames.size() - 1;
        for (int i = 0; i <= last; i++) {
            if (!socket.send(frames.get(i), i < last ? ZMQ.SNDMORE | ZMQ.DONTWAIT : ZMQ.DONTWAIT)) {
                return false;
            }
        }
        return true;
    }
}
