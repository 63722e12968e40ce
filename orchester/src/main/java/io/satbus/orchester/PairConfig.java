package io.satbus.orchester;

import io.satbus.core.Endpoints;
import io.satbus.core.topology.BackupSpec;
import io.satbus.core.topology.OrchesterSpec;
import java.util.Objects;

/**
 * One orchester's part in a pair, taken from the topology: its role, where the peer link is
 * (the primary binds {@code backup.peer_port} on its host, the backup connects to
 * {@code backup.peer}), how often it tells its peer its state, and the silence after which the
 * peer counts as gone (the orchester's heartbeat_interval x heartbeat_liveness, as for workers).
 * Immutable and thread-safe.
 *
 * @param role           primary or backup
 * @param peerEndpoint   {@code tcp://HOST:PORT} of the peer link
 * @param bindsPeer      true for the primary, which binds it; the backup connects
 * @param heartbeatIntervalMs how often this orchester sends its state to its peer
 * @param expiryMs       the peer's silence after which a satellite's request makes this one active
 * @param peerAddress    the other orchester's service endpoint, for the log and the status
 */
public record PairConfig(PairRole role, String peerEndpoint, boolean bindsPeer, long heartbeatIntervalMs,
                         long expiryMs, String peerAddress) {
    public PairConfig {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(peerEndpoint, "peerEndpoint");
        if (heartbeatIntervalMs < 1 || expiryMs < heartbeatIntervalMs) {
            throw new IllegalArgumentException("pair heartbeat : " + heartbeatIntervalMs + " ms, expiry " + expiryMs
                + " ms (expected: an interval >= 1 ms and an expiry of at least one interval)");
        }
    }

    /** {@code role}'s part in the pair of {@code o}, which must have a backup. */
    public static PairConfig of(final OrchesterSpec o, final PairRole role) {
        final BackupSpec b = o.backup();
        if (b == null) {
            throw new IllegalArgumentException("orchester backup : none (expected: orchester.backup in the topology)");
        }
        final boolean primary = role == PairRole.PRIMARY;
        return new PairConfig(role,
            primary ? Endpoints.tcp(o.host(), b.peerPort()) : Endpoints.tcp(b.peerHost(), b.peerConnectPort()),
            primary, o.heartbeatIntervalMs(), o.expiryMs(),
            primary ? Endpoints.tcp(b.host(), b.servicePort()) : Endpoints.tcp(o.host(), o.servicePort()));
    }
}
