package io.satbus.orchester;

import java.util.List;

/**
 * Where outgoing multipart messages go: the ROUTER (first frame is the peer identity) or the
 * XPUB (first frame is the topic). Lets the routing logic be tested without sockets.
 * Called on the orchester thread only.
 */
@FunctionalInterface
interface FrameSink {
    void send(List<byte[]> frames);
}
