package io.satbus.orchester;

import io.satbus.core.protocol.Mdp;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The loop's side of an orchester pair: the {@link PairState} machine fed by the {@link PeerLink}
 * and by the satellites' requests, the state sent to the peer every heartbeat, and what a
 * passive orchester does with what reaches it: answers the admin service (so that
 * {@code satbus status} sees both orchesters), and refuses everything else, with a DISCONNECT to
 * satbus peers (which then turn to the other orchester of the pair) and nothing to a plain MDP
 * client (which, as the guide's Binary Star client, turns to the other on its timeout).
 *
 * <p>NOT thread safe: owned by the orchester's loop thread. Time is passed in.
 */
final class OrchesterPair implements AutoCloseable {
    private static final byte[] ADMIN = Mdp.ADMIN_SERVICE.getBytes(StandardCharsets.UTF_8);

    private final PairConfig config;
    private final PairState state;
    private final PeerLink link;
    private long nextHeartbeatMs;
    private long refused;

    OrchesterPair(final PairConfig config, final PairState state, final PeerLink link) {
        this.config = config;
        this.state = state;
        this.link = link;
    }

    /** Hears the peer and tells it this orchester's state when due; returns the work done. */
    int doWork(final long nowMs) {
        int work = 0;
        final PairState.State peer = link.receive();
        if (peer != null) {
            state.onPeer(peer, nowMs);
            work++;
        }
        if (nowMs >= nextHeartbeatMs) {
            link.send(state.state());
            nextHeartbeatMs = nowMs + config.heartbeatIntervalMs();
            work++;
        }
        return work;
    }

    /** True when this orchester routes now. */
    boolean active() {
        return state.active();
    }

    /**
     * A message on the service port of a passive orchester ({@code frames}: [identity][""][protocol]...):
     * true when it is to be handled as usual (an admin request, or a request that made this one active).
     */
    boolean admits(final List<byte[]> frames, final long nowMs) {
        if (isAdmin(frames)) {
            return true;
        }
        if (state.onClientRequest(nowMs)) {
            // It became active at this request: tell the peer at once.
            link.send(state.state());
            nextHeartbeatMs = nowMs + config.heartbeatIntervalMs();
            return true;
        }
        refused++;
        return false;
    }

    /** True for a message a satbus peer sent (a worker's, or a batch), which understands a DISCONNECT. */
    static boolean satbusPeer(final List<byte[]> frames) {
        return frames.size() > 2 && (Arrays.equals(frames.get(2), Mdp.WORKER_BYTES)
            || Arrays.equals(frames.get(2), io.satbus.core.protocol.Batch.PROTOCOL_BYTES));
    }

    private static boolean isAdmin(final List<byte[]> frames) {
        return frames.size() > 3 && Arrays.equals(frames.get(2), Mdp.CLIENT_BYTES) && Arrays.equals(frames.get(3), ADMIN);
    }

    /** The pair's part of a status snapshot. */
    OrchesterStatus.PairStatus status(final long nowMs) {
        return new OrchesterStatus.PairStatus(state.role().label(), state.state().name().toLowerCase(java.util.Locale.ROOT),
            state.sinceMs(), state.failovers(), state.peerState() == null ? null
            : state.peerState().name().toLowerCase(java.util.Locale.ROOT), state.peerSilentMs(nowMs),
            config.peerAddress(), refused);
    }

    @Override
    public void close() {
        link.close();
    }
}
