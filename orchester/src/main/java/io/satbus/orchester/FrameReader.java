package io.satbus.orchester;

import io.satbus.core.protocol.MalformedFrameException;
import java.util.List;
import org.zeromq.ZMQ;

/**
 * Reads one whole multipart message from a socket without blocking, and checks its size: a
 * message over {@code maxBytes} in total or over {@code maxFrames} frames is read to its end
 * (so the next message starts clean) and refused. With security on, it also keeps the
 * message's {@code User-Id} (the name of the key its connection was admitted with, set by
 * {@link KeyGate}). Owned by the orchester thread. NOT thread safe.
 */
final class FrameReader {
    private final long maxBytes;
    private final int maxFrames;
    private final boolean userIds;
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

    /** The User-Id of the last message read: its key's name; null without security or when it carried none. */
    String userId() {
        return userId;
    }

    private byte[] recv(final ZMQ.Socket socket, final int flags) {
        if (!userIds) {
            return socket.recv(flags);
        }
        final zmq.Msg msg = socket.recvMsg(flags);
        if (msg == null) {
            return null;
        }
        final zmq.io.Metadata metadata = msg.getMetadata();
        if (metadata != null) {
            final String id = metadata.get(zmq.io.Metadata.USER_ID);
            if (id != null) {
                userId = id;
            }
        }
        return msg.data();
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
        byte[] frame = recv(socket, ZMQ.DONTWAIT);
        if (frame == null) {
            return false;
        }
        long bytes = 0;
        int frames = 0;
        while (true) {
            bytes += frame.length;
            frames++;
            if (bytes <= maxBytes && frames <= maxFrames) {
                into.add(frame);
            }
            if (!socket.hasReceiveMore()) {
                break;
            }
            frame = recv(socket, 0);
        }
        if (bytes > maxBytes || frames > maxFrames) {
            into.clear();
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
