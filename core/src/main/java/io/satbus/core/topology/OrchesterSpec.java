package io.satbus.core.topology;

/**
 * Where the orchester listens and how it watches its workers.
 *
 * @param host                 address to bind (and for satellites, to connect to)
 * @param servicePort          ROUTER port for request/reply (MDP/0.1)
 * @param pubPort              port satellites publish to (the orchester's XSUB)
 * @param subPort              port subscribers connect to (the orchester's XPUB)
 * @param heartbeatIntervalMs  heartbeat period, both directions
 * @param heartbeatLiveness    heartbeats missed before a peer is declared dead
 * @param maxMessageBytes      largest message accepted from the network; larger ones are dropped
 */
public record OrchesterSpec(String host, int servicePort, int pubPort, int subPort,
                            long heartbeatIntervalMs, int heartbeatLiveness, long maxMessageBytes) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_SERVICE_PORT = 5670;
    public static final int DEFAULT_PUB_PORT = 5671;
    public static final int DEFAULT_SUB_PORT = 5672;
    public static final long DEFAULT_HEARTBEAT_INTERVAL_MS = 1000;
    public static final int DEFAULT_HEARTBEAT_LIVENESS = 3;
    public static final long DEFAULT_MAX_MESSAGE_BYTES = 16L * 1024 * 1024;

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
        return new OrchesterSpec(host, service, pub, sub, heartbeatIntervalMs, heartbeatLiveness, maxMessageBytes);
    }
}
