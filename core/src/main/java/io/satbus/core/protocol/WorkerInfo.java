package io.satbus.core.protocol;

import java.io.IOException;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessageInsufficientBufferException;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePackException;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.ValueType;

/**
 * The optional fifth frame of a READY from a satbus worker. Its presence marks the worker as a
 * satbus worker: its replies start with a {@link io.satbus.core.envelope.Reply} header frame,
 * it may send PROGRESS, and it may hold up to {@code credit} requests at once. A plain MDP
 * worker sends no such frame and gets a credit of 1.
 *
 * <pre>
 * worker info frame = map {
 *   "satellite": str   satellite name
 *   "instance":  int   instance number
 *   "credit":    int   requests it may hold at once, 1..MAX_CREDIT
 * }
 * </pre>
 */
public record WorkerInfo(String satellite, int instance, int credit) {
    public static final int MAX_CREDIT = 10_000;

    public WorkerInfo {
        if (credit < 1 || credit > MAX_CREDIT) {
            throw new IllegalArgumentException("credit : " + credit + " (expected: 1.." + MAX_CREDIT + ")");
        }
    }

    public byte[] encode() {
        try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
            p.packMapHeader(3);
            p.packString("satellite").packString(satellite);
            p.packString("instance").packInt(instance);
            p.packString("credit").packInt(credit);
            return p.toByteArray();
        } catch (IOException impossible) {
            throw new IllegalStateException("in-memory packer failed", impossible);
        }
    }

    public static WorkerInfo decode(final byte[] frame) throws MalformedFrameException {
        if (frame == null || frame.length == 0 || frame.length > 4096) {
            throw new MalformedFrameException("worker info : " + (frame == null ? 0 : frame.length)
                + " bytes (expected: MessagePack map of 1..4096 bytes)");
        }
        try (MessageUnpacker u = MessagePack.newDefaultUnpacker(frame)) {
            if (u.getNextFormat().getValueType() != ValueType.MAP) {
                throw new MalformedFrameException("worker info : " + u.getNextFormat().getValueType() + " (expected: MAP)");
            }
            final int n = u.unpackMapHeader();
            String satellite = "";
            long instance = 0;
            long credit = 1;
            for (int i = 0; i < n; i++) {
                final String key = u.unpackString();
                switch (key) {
                    case "satellite" -> satellite = u.unpackString();
                    case "instance" -> instance = u.unpackLong();
                    case "credit" -> credit = u.unpackLong();
                    default -> u.skipValue();
                }
            }
            if (credit < 1 || credit > MAX_CREDIT) {
                throw new MalformedFrameException("worker info \"credit\" : " + credit + " (expected: 1.." + MAX_CREDIT + ")");
            }
            if (instance < 0 || instance > Integer.MAX_VALUE) {
                throw new MalformedFrameException("worker info \"instance\" : " + instance + " (expected: >= 0)");
            }
            return new WorkerInfo(satellite, (int) instance, (int) credit);
        } catch (MessageInsufficientBufferException truncated) {
            throw new MalformedFrameException("worker info : truncated (expected: a complete MessagePack map)", truncated);
        } catch (MessagePackException | IOException | IllegalStateException ex) {
            throw new MalformedFrameException("worker info : not a valid MessagePack map (" + ex.getMessage() + ")", ex);
        }
    }
}
