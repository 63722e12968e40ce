package io.satbus.orchester;

import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One orchester's side of an orchester pair: the Binary Star state machine (the ZeroMQ guide,
 * chapter 4). Each orchester starts in its role's state ({@link State#PRIMARY} or
 * {@link State#BACKUP}), tells its peer its state every heartbeat, and moves on what it hears
 * from the peer and on requests from satellites:
 * <pre>
 *  state    | peer says PRIMARY  BACKUP   ACTIVE    PASSIVE  | a satellite's request
 *  ---------+---------------------------------------------------+------------------------------------
 *  PRIMARY  |           -        ACTIVE   PASSIVE   -        | ACTIVE if the peer has been silent
 *           |                                                |   for the expiry since start, else refused
 *  BACKUP   |           -        -        PASSIVE   -        | refused (a backup waits for its primary)
 *  ACTIVE   |           -        -        (dual)    -        | routed
 *  PASSIVE  |           ACTIVE   ACTIVE   -         (dual)   | ACTIVE if the peer has been silent
 *           |                                                |   for the expiry (a failover), else refused
 * </pre>
 * The rule against split brain is the last cell: a passive orchester becomes active only when its
 * peer is silent AND a satellite turns to it, which satellites do only when the active one no
 * longer answers them. A link between the two that breaks alone changes nothing. Where the guide
 * aborts (two actives, two passives), the pair settles instead: of two actives the backup yields
 * and becomes passive, of two passives the primary becomes active; each is logged as an error.
 * A primary that starts waits one expiry for its peer before it routes alone, so a former active
 * that is restarted hears its active backup and comes back passive.
 *
 * <p>Every transition is logged at INFO (ERROR for the two above). Time is passed in (ms since the
 * epoch). NOT thread safe: owned by the orchester's loop thread.
 */
final class PairState {
    /** Binary Star's states; each orchester tells its peer its own. */
    enum State { PRIMARY, BACKUP, ACTIVE, PASSIVE }

    private static final Logger LOG = LoggerFactory.getLogger(PairState.class);

    private final PairRole role;
    private final long expiryMs;
    private final String name;
    private State state;
    private long sinceMs;
    /** The peer's silence is measured from here: its last heartbeat, or this orchester's start. */
    private long peerHeardMs;
    private boolean peerEverHeard;
    private State peerState;
    private long failovers;

    /**
     * @param expiryMs the peer's silence after which a satellite's request makes this one active
     * @param name     how the log names this orchester ("orchester hello (backup)")
     */
    PairState(final PairRole role, final long expiryMs, final String name, final long nowMs) {
        this.role = Objects.requireNonNull(role, "role");
        if (expiryMs < 1) {
            throw new IllegalArgumentException("expiryMs : " + expiryMs + " (expected: >= 1)");
        }
        this.expiryMs = expiryMs;
        this.name = name;
        this.state = role == PairRole.PRIMARY ? State.PRIMARY : State.BACKUP;
        this.sinceMs = nowMs;
        this.peerHeardMs = nowMs;
        LOG.info("{} starts as {}: waiting for its peer (routes nothing before it is active)", name, state);
    }

    /** The peer's heartbeat, carrying its state. */
    void onPeer(final State peer, final long nowMs) {
        peerHeardMs = nowMs;
        if (!peerEverHeard || peer != peerState) {
            LOG.info("{} ({}) hears its peer: {}", name, state, peer);
        }
        peerEverHeard = true;
        peerState = peer;
        switch (state) {
            case PRIMARY -> {
                if (peer == State.BACKUP) {
                    become(State.ACTIVE, nowMs, "its backup is up and passive: active");
                } else if (peer == State.ACTIVE) {
                    become(State.PASSIVE, nowMs, "its peer is active: passive");
                }
            }
            case BACKUP -> {
                if (peer == State.ACTIVE) {
                    become(State.PASSIVE, nowMs, "its primary is active: passive");
                }
            }
            case ACTIVE -> {
                if (peer == State.ACTIVE) {
                    if (role == PairRole.BACKUP) {
                        LOG.error("{} : two active orchesters (expected: one); the backup yields", name);
                        become(State.PASSIVE, nowMs, "its peer is active too: passive");
                    } else {
                        LOG.error("{} : two active orchesters (expected: one); the primary stays active", name);
                    }
                }
            }
            case PASSIVE -> {
                if (peer == State.PRIMARY || peer == State.BACKUP) {
                    failovers++;
                    become(State.ACTIVE, nowMs, "its peer is starting again (" + peer + "): active");
                } else if (peer == State.PASSIVE && role == PairRole.PRIMARY) {
                    LOG.error("{} : two passive orchesters (expected: one active); the primary becomes active", name);
                    become(State.ACTIVE, nowMs, "its peer is passive too: active");
                }
            }
            default -> throw new IllegalStateException("pair state : " + state);
        }
    }

    /**
     * A satellite's request has come (the client vote): true when this orchester routes it, having
     * become active if it was not; false when it is refused (the satellite turns to the peer).
     */
    boolean onClientRequest(final long nowMs) {
        switch (state) {
            case ACTIVE:
                return true;
            case PRIMARY:
                if (peerSilent(nowMs)) {
                    become(State.ACTIVE, nowMs, "no peer heard for " + expiryMs + " ms and a satellite turned to it: "
                        + "active alone");
                    return true;
                }
                return false;
            case PASSIVE:
                if (peerSilent(nowMs)) {
                    failovers++;
                    become(State.ACTIVE, nowMs, "failover: its peer silent for " + (nowMs - peerHeardMs)
                        + " ms and a satellite turned to it: active");
                    return true;
                }
                return false;
            default:
                return false;
        }
    }

    private boolean peerSilent(final long nowMs) {
        return nowMs - peerHeardMs >= expiryMs;
    }

    private void become(final State next, final long nowMs, final String why) {
        LOG.info("{} : {} -> {} ({}; failovers so far: {})", name, state, next, why, failovers);
        state = next;
        sinceMs = nowMs;
    }

    /** True when this orchester routes: it is active. */
    boolean active() {
        return state == State.ACTIVE;
    }

    State state() {
        return state;
    }

    PairRole role() {
        return role;
    }

    /** When the state last changed, ms since the epoch. */
    long sinceMs() {
        return sinceMs;
    }

    /** Times this orchester became active after being passive: the failovers it took. */
    long failovers() {
        return failovers;
    }

    /** How long the peer has been silent; from this orchester's start when never heard. */
    long peerSilentMs(final long nowMs) {
        return nowMs - peerHeardMs;
    }

    /** The peer's last state heard, or null. */
    State peerState() {
        return peerState;
    }

    boolean peerEverHeard() {
        return peerEverHeard;
    }
}
