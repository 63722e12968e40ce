package io.satbus.orchester;

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
}
