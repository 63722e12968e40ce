package io.satbus.satellites.runtime;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * The topic sockets of one instance: a PUB to the orchester's XSUB (opened at start when the
 * satellite has topics to publish, else on first use) and a SUB to its XPUB with one
 * subscription per prefix (only when the satellite subscribes). With an orchester pair each
 * socket connects to both orchesters: only the active one forwards what is published, so a
 * subscriber hears whichever is active, its subscriptions already known to both, and a publisher
 * reaches the active one without turning. Frames:
 * <pre>
 * [topic][envelope header][payload]
 * </pre>
 *
 * <p>NOT thread-safe: owned by the runtime thread.
 */
final class TopicLinks {
    private final ZContext zmq;
    private final List<String> pubEndpoints;
    private final long maxMessageBytes;
    private final List<byte[]> frames = new ArrayList<>();
    /** Applied to each socket before it connects: CURVE keys when security is on. */
    private final Consumer<ZMQ.Socket> secure;
    private ZMQ.Socket pub;
    private ZMQ.Socket sub;

    /** @param pubEndpoints the orchester's XSUB endpoint, and its backup's when paired; likewise {@code subEndpoints} */
    TopicLinks(final ZContext zmq, final List<String> pubEndpoints, final List<String> subEndpoints,
               final boolean publishes, final List<String> subscribe, final long maxMessageBytes) {
        this(zmq, pubEndpoints, subEndpoints, publishes, subscribe, maxMessageBytes, s -> { });
    }

    /** As above, {@code secure} applied to each socket before it connects (CURVE keys when security is on). */
    TopicLinks(final ZContext zmq, final List<String> pubEndpoints, final List<String> subEndpoints,
               final boolean publishes, final List<String> subscribe, final long maxMessageBytes,
               final Consumer<ZMQ.Socket> secure) {
        this.zmq = zmq;
        this.secure = secure;
        this.pubEndpoints = List.copyOf(pubEndpoints);
        this.maxMessageBytes = maxMessageBytes;
        if (publishes) {
            openPub();
        }
        if (!subscribe.isEmpty()) {
            sub = zmq.createSocket(SocketType.SUB);
            sub.setMaxMsgSize(maxMessageBytes);
            sub.setHandshakeIvl(ServiceLink.HANDSHAKE_IVL_MS);
            secure.accept(sub);
            for (String prefix : subscribe) {
                sub.subscribe(prefix.getBytes(StandardCharsets.UTF_8));
            }
            subEndpoints.forEach(sub::connect);
        }
    }

    private void openPub() {
        pub = zmq.createSocket(SocketType.PUB);
        pub.setMaxMsgSize(maxMessageBytes);
        pub.setHandshakeIvl(ServiceLink.HANDSHAKE_IVL_MS);
        secure.accept(pub);
        pubEndpoints.forEach(pub::connect);
    }

    /** The SUB socket, or null when the satellite subscribes to nothing. */
    ZMQ.Socket sub() {
        return sub;
    }

    void publish(final byte[] topic, final byte[] header, final byte[] payload) {
        if (pub == null) {
            openPub();
        }
        pub.sendMore(topic);
        pub.sendMore(header);
        pub.send(payload);
    }

    /** The next whole topic message, or null when none is waiting. The list is reused by the next call. */
    List<byte[]> receive() {
        if (sub == null) {
            return null;
        }
        final byte[] frame = sub.recv(ZMQ.DONTWAIT);
        if (frame == null) {
            return null;
        }
        frames.clear();
        frames.add(frame);
        while (sub.hasReceiveMore()) {
            frames.add(sub.recv(0));
        }
        return frames;
    }

    void close(final int lingerMs) {
        for (ZMQ.Socket s : new ZMQ.Socket[] {pub, sub}) {
            if (s != null) {
                s.setLinger(lingerMs);
                s.close();
            }
        }
        pub = null;
        sub = null;
    }
}
