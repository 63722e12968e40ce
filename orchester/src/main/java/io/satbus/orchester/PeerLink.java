package io.satbus.orchester;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;

/**
 * The link between the two orchesters of a pair: one DEALER each, the primary's bound on its
 * peer port, the backup's connected to it, over which each sends its state every heartbeat.
 * One message, two frames:
 * <pre>
 * +----------+  +-------+
 * | SATBPR01 |  | state |   state: one byte, the ordinal of {@link PairState.State}
 * +----------+  +-------+
 * </pre>
 * Nothing is queued for a peer that is not connected (immediate, a send queue of 1): a state
 * that waited would be stale when it arrived.
 *
 * <p>NOT thread safe: owned by the orchester's loop thread.
 */
final class PeerLink implements AutoCloseable {
    static final byte[] PROTOCOL = "SATBPR01".getBytes(StandardCharsets.US_ASCII);
    private static final PairState.State[] STATES = PairState.State.values();

    private final ZContext context;
    private final ZMQ.Socket socket;
    private final String endpoint;
    private long malformed;

    private PeerLink(final ZContext context, final ZMQ.Socket socket, final String endpoint) {
        this.context = context;
        this.socket = socket;
        this.endpoint = endpoint;
    }

    /** Binds (the primary) or connects (the backup) {@code pair}'s peer endpoint in {@code context}. */
    static PeerLink open(final ZContext context, final PairConfig pair) {
        return open(context, pair, s -> { });
    }

    /**
     * As {@link #open(ZContext, PairConfig)}, {@code secure} applied to the socket before it binds
     * or connects: with security on, CURVE with the orchester's own key at both ends, the bound
     * side admitting that key alone ({@link KeyGate#PEER_DOMAIN}).
     */
    static PeerLink open(final ZContext context, final PairConfig pair, final Consumer<ZMQ.Socket> secure) {
        final ZMQ.Socket s = context.createSocket(SocketType.DEALER);
        secure.accept(s);
        s.setLinger(0);
        s.setImmediate(true);
        s.setSndHWM(1);
        s.setRcvHWM(16);
        s.setMaxMsgSize(1024); // a state is 10 bytes; CURVE's handshake commands are a few hundred
        try {
            if (pair.bindsPeer() ? s.bind(pair.peerEndpoint()) : s.connect(pair.peerEndpoint())) {
                return new PeerLink(context, s, pair.peerEndpoint());
            }
        } catch (ZMQException | IllegalArgumentException ex) {
            context.destroySocket(s);
            throw new OrchesterBindException("orchester peer link : " + pair.peerEndpoint() + " could not be "
                + (pair.bindsPeer() ? "bound" : "connected") + ": " + ex.getMessage() + " (expected: "
                + (pair.bindsPeer() ? "a free port for backup.peer_port on this host" : "backup.peer as HOST:PORT") + ")",
                ex);
        }
        context.destroySocket(s);
        throw new OrchesterBindException("orchester peer link : " + pair.peerEndpoint() + " could not be "
            + (pair.bindsPeer() ? "bound (expected: a free port for backup.peer_port on this host)"
            : "connected (expected: backup.peer as HOST:PORT)"), null);
    }

    /** Tells the peer this orchester's state; dropped when the peer is not connected. */
    void send(final PairState.State state) {
        if (socket.send(PROTOCOL, ZMQ.SNDMORE | ZMQ.DONTWAIT)) {
            socket.send(new byte[] {(byte) state.ordinal()}, ZMQ.DONTWAIT);
        }
    }

    /** The latest state the peer sent since the last call, or null when it sent none. */
    PairState.State receive() {
        PairState.State last = null;
        byte[] first;
        while ((first = socket.recv(ZMQ.DONTWAIT)) != null) {
            byte[] second = null;
            int parts = 1;
            while (socket.hasReceiveMore()) {
                final byte[] more = socket.recv(0);
                if (parts++ == 1) {
                    second = more;
                }
            }
            if (parts == 2 && Arrays.equals(first, PROTOCOL) && second.length == 1 && second[0] >= 0
                && second[0] < STATES.length) {
                last = STATES[second[0]];
            } else {
                malformed++;
            }
        }
        return last;
    }

    /** Messages on the link that were not a peer's state: counted, dropped. */
    long malformed() {
        return malformed;
    }

    String endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        context.destroySocket(socket);
    }
}
