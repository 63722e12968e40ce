package io.satbus.core.topology;

/**
 * The backup of an orchester pair (Binary Star): a second orchester that stays passive while the
 * primary is active, watches it over the peer link, and becomes active when the primary has been
 * silent for the orchester's expiry (heartbeat_interval x heartbeat_liveness) and a satellite
 * turns to it. Written as {@code orchester.backup} (docs/topology.md).
 *
 * @param host        address the backup binds (and satellites connect to)
 * @param servicePort the backup's ROUTER port (MDP/0.1)
 * @param pubPort     the backup's XSUB port
 * @param subPort     the backup's XPUB port
 * @param peerPort    the port the primary listens on, on its host, for its backup's heartbeats
 * @param peerHost    where the backup reaches that port: the primary's host unless written
 *                    ({@code peer: HOST:PORT}, through an address translation or a relay)
 * @param peerConnectPort the port the backup connects to there: {@code peerPort} unless written
 */
public record BackupSpec(String host, int servicePort, int pubPort, int subPort, int peerPort, String peerHost,
                         int peerConnectPort) {
    public static final int DEFAULT_PEER_PORT = 5673;
}
