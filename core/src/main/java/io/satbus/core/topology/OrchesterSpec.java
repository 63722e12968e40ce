package io.satbus.core.topology;

import io.satbus.core.Endpoints;
import java.util.List;

/**
 * Where the orchester listens, how it watches its workers, and how many bytes of requests it
 * may hold.
 *
 * @param host                 address to bind (and for satellites, to connect to)
 * @param servicePort          ROUTER port for request/reply (MDP/0.1)
 * @param pubPort              port satellites publish to (the orchester's XSUB)
 * @param subPort              port subscribers connect to (the orchester's XPUB)
 * @param heartbeatIntervalMs  heartbeat period, both directions
 * @param heartbeatLiveness    heartbeats missed before a peer is declared dead
 * @param maxMessageBytes      largest message accepted from the network; larger ones are dropped
 * @param maxQueuedBytes       bytes of requests the orchester holds at most, over all services
 *                             ({@code max_queued_bytes}); {@link #DERIVED}: from its heap at start
 * @param maxServiceBytes      of them, for one service ({@code max_service_bytes}); {@link #DERIVED}: from max_queued_bytes
 * @param maxPeerBytes         of them, from one client ({@code max_peer_bytes}); {@link #DERIVED}: from max_queued_bytes
 * @param backup               the backup of an orchester pair ({@code backup}), or null: a single orchester
 */
public record OrchesterSpec(String host, int servicePort, int pubPort, int subPort,
                            long heartbeatIntervalMs, int heartbeatLiveness, long maxMessageBytes,
                            long maxQueuedBytes, long maxServiceBytes, long maxPeerBytes, BackupSpec backup) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_SERVICE_PORT = 5670;
    public static final int DEFAULT_PUB_PORT = 5671;
    public static final int DEFAULT_SUB_PORT = 5672;
    public static final long DEFAULT_HEARTBEAT_INTERVAL_MS = 1000;
    public static final int DEFAULT_HEARTBEAT_LIVENESS = 3;
    public static final long DEFAULT_MAX_MESSAGE_BYTES = 16L * 1024 * 1024;
    /** A byte bound not written in the file: the orchester derives it from its heap when it starts. */
    public static final long DERIVED = 0;

    /** A single orchester, without a backup. */
    public OrchesterSpec(final String host, final int servicePort, final int pubPort, final int subPort,
                         final long heartbeatIntervalMs, final int heartbeatLiveness, final long maxMessageBytes,
                         final long maxQueuedBytes, final long maxServiceBytes, final long maxPeerBytes) {
        this(host, servicePort, pubPort, subPort, heartbeatIntervalMs, heartbeatLiveness, maxMessageBytes, maxQueuedBytes,
            maxServiceBytes, maxPeerBytes, null);
    }

    /** With every byte bound derived from the orchester's heap. */
    public OrchesterSpec(final String host, final int servicePort, final int pubPort, final int subPort,
                         final long heartbeatIntervalMs, final int heartbeatLiveness, final long maxMessageBytes) {
        this(host, servicePort, pubPort, subPort, heartbeatIntervalMs, heartbeatLiveness, maxMessageBytes, DERIVED,
            DERIVED, DERIVED);
    }

    public static OrchesterSpec defaults() {
        return new OrchesterSpec(DEFAULT_HOST, DEFAULT_SERVICE_PORT, DEFAULT_PUB_PORT, DEFAULT_SUB_PORT,
            DEFAULT_HEARTBEAT_INTERVAL_MS, DEFAULT_HEARTBEAT_LIVENESS, DEFAULT_MAX_MESSAGE_BYTES);
    }

    /** How long a silent peer lives: interval times liveness. */
    public long expiryMs() {
        return heartbeatIntervalMs * heartbeatLiveness;
    }

    /** A copy on other ports; for tests and for running several topologies on one host. */
    public OrchesterSpec withPorts(final int service, final int pub, final int sub) {
        return new OrchesterSpec(host, service, pub, sub, heartbeatIntervalMs, heartbeatLiveness, maxMessageBytes,
            maxQueuedBytes, maxServiceBytes, maxPeerBytes, backup);
    }

    /** A copy with these byte bounds ({@link #DERIVED} for any left to the orchester's heap). */
    public OrchesterSpec withByteBounds(final long queued, final long service, final long peer) {
        return new OrchesterSpec(host, servicePort, pubPort, subPort, heartbeatIntervalMs, heartbeatLiveness,
            maxMessageBytes, queued, service, peer, backup);
    }

    /** A copy with {@code b} as its backup (null: a single orchester). */
    public OrchesterSpec withBackup(final BackupSpec b) {
        return new OrchesterSpec(host, servicePort, pubPort, subPort, heartbeatIntervalMs, heartbeatLiveness,
            maxMessageBytes, maxQueuedBytes, maxServiceBytes, maxPeerBytes, b);
    }

    /**
     * The orchester as the backup of its pair sees itself: the backup's host and ports, the rest
     * (heartbeats, bounds, the backup itself) this one's. For the backup's own process.
     */
    public OrchesterSpec asBackup() {
        if (backup == null) {
            throw new IllegalStateException("orchester backup : none (expected: orchester.backup in the topology)");
        }
        return new OrchesterSpec(backup.host(), backup.servicePort(), backup.pubPort(), backup.subPort(),
            heartbeatIntervalMs, heartbeatLiveness, maxMessageBytes, maxQueuedBytes, maxServiceBytes, maxPeerBytes, backup);
    }

    /** The service endpoints satellites turn to, in order: this orchester's, then its backup's when paired. */
    public List<String> serviceEndpoints() {
        return backup == null ? List.of(Endpoints.tcp(host, servicePort))
            : List.of(Endpoints.tcp(host, servicePort),
                Endpoints.tcp(backup.host(), backup.servicePort()));
    }

    /** The publishing endpoints (XSUB): this orchester's, then its backup's when paired. */
    public List<String> pubEndpoints() {
        return backup == null ? List.of(Endpoints.tcp(host, pubPort))
            : List.of(Endpoints.tcp(host, pubPort),
                Endpoints.tcp(backup.host(), backup.pubPort()));
    }

    /** The subscribing endpoints (XPUB): this orchester's, then its backup's when paired. */
    public List<String> subEndpoints() {
        return backup == null ? List.of(Endpoints.tcp(host, subPort))
            : List.of(Endpoints.tcp(host, subPort),
                Endpoints.tcp(backup.host(), backup.subPort()));
    }

    /** True when this orchester has a backup: an orchester pair. */
    public boolean paired() {
        return backup != null;
    }
}
