package io.satbus.core.topology;

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
 */
public record OrchesterSpec(String host, int servicePort, int pubPort, int subPort,
                            long heartbeatIntervalMs, int heartbeatLiveness, long maxMessageBytes,
                            long maxQueuedBytes, long maxServiceBytes, long maxPeerBytes) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_SERVICE_PORT = 5670;
    public static final int DEFAULT_PUB_PORT = 5671;
    public static final int DEFAULT_SUB_PORT = 5672;
    public static final long DEFAULT_HEARTBEAT_INTERVAL_MS = 1000;
    public static final int DEFAULT_HEARTBEAT_LIVENESS = 3;
    public static final long DEFAULT_MAX_MESSAGE_BYTES = 16L * 1024 * 1024;
    /** A byte bound not written in the file: the orchester derives it from its heap when it starts. */
    public static final long DERIVED = 0;

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
            maxQueuedBytes, maxServiceBytes, maxPeerBytes);
    }

    /** A copy with these byte bounds ({@link #DERIVED} for any left to the orchester's heap). */
    public OrchesterSpec withByteBounds(final long queued, final long service, final long peer) {
        return new OrchesterSpec(host, servicePort, pubPort, subPort, heartbeatIntervalMs, heartbeatLiveness,
            maxMessageBytes, queued, service, peer);
    }
}
