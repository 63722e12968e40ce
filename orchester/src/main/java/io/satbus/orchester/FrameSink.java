package io.satbus.orchester;

import java.util.ArrayList;
import java.util.List;

/**
 * Where outgoing multipart messages go: the ROUTER (first frame is the peer identity) or the
 * XPUB (first frame is the topic). Lets the routing logic be tested without sockets.
 * Called on the orchester thread only. The list (and a body view in it) is valid during the call
 * only: the routing path reuses it for the next message, so an implementation that keeps frames
 * copies them.
 */
@FunctionalInterface
interface FrameSink {
    void send(List<byte[]> frames);

    /**
     * Sends the frames of {@code head}, then frames {@code from..} of {@code tail}, as one
     * message (a reply forwarded with a new envelope). The ROUTER's batching side copies a frame
     * read in place ({@code io.satbus.core.protocol.Batch.Frames}) from where it lies; this
     * default joins them in a new list.
     */
    default void send(final List<byte[]> head, final List<byte[]> tail, final int from) {
        final List<byte[]> joined = new ArrayList<>(head.size() + tail.size() - from);
        joined.addAll(head);
        for (int i = from; i < tail.size(); i++) {
            joined.add(tail.get(i));
        }
        send(joined);
    }
}
