package io.satbus.orchester;

import io.satbus.core.protocol.Mdp;
import io.satbus.core.security.SecuritySpec;
import io.satbus.core.topology.OrchesterSpec;
import io.satbus.core.topology.SatelliteSpec;
import io.satbus.core.topology.Topology;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Everything the orchester needs, taken once from a {@link Topology} and validated here, so
 * that the loop never checks its settings again. Immutable and thread-safe.
 *
 * <p>Per-service retry limits come from {@link Topology#maxRetries(SatelliteSpec)}, keyed by
 * each satellite's {@link SatelliteSpec#service()}. When several satellites serve one service
 * with different limits, the largest wins (a message is never given up earlier than one of its
 * workers' satellites asks). Services not in the topology (plain MDP workers) get the tracker
 * default. Likewise each service's {@code max_message_size} and {@code queue_timeout} are its
 * satellites' (the largest; a queue timeout of 0, never, wins), else the orchester's message size
 * and the tracker's queue timeout. The byte bounds are the topology's, those it leaves out
 * derived from the heap of the orchester's JVM ({@link ByteBounds}).
 */
public final class OrchesterConfig {
    /** Most frames in one message from the network; more is malformed. */
    public static final int DEFAULT_MAX_FRAMES = Mdp.MAX_FRAMES;
    /** How long one poll of the sockets may block. Also bounds how fast {@code close()} is seen. */
    public static final long DEFAULT_POLL_TIMEOUT_MS = 20;
    /**
     * Least time a failed attempt waits for a tracker's RETRY or DEAD before the orchester
     * decides it itself (a tracker process that died or lost the link never answers).
     */
    public static final long MIN_DECISION_DEADLINE_MS = 10_000;

    private final String topologyName;
    private final String host;
    private final int servicePort;
    private final int pubPort;
    private final int subPort;
    private final long heartbeatIntervalMs;
    private final int heartbeatLiveness;
    private final long maxMessageBytes;
    private final int maxFrames;
    private final ByteBounds byteBounds;
    private final String deadLetterTopic;
    private final int defaultMaxRetries;
    private final Map<String, Integer> maxRetriesByService;
    private final Map<String, Long> maxMessageBytesByService;
    private final long defaultQueueTimeoutMs;
    private final Map<String, Long> queueTimeoutMsByService;
    private final long decisionDeadlineMs;
    /** This orchester's part in a pair, or null: a single orchester. */
    private final PairConfig pair;
    /** Keys and rights, or null: no security. */
    private final SecuritySpec security;

    private OrchesterConfig(final String topologyName, final OrchesterSpec o, final String deadLetterTopic,
                            final int defaultMaxRetries, final Map<String, Integer> maxRetriesByService,
                            final Map<String, Long> maxMessageBytesByService, final long defaultQueueTimeoutMs,
                            final Map<String, Long> queueTimeoutMsByService, final long maxHeapBytes,
                            final long decisionDeadlineMs, final PairConfig pair, final SecuritySpec security) {
        this.topologyName = topologyName;
        this.pair = pair;
        this.security = security;
        this.host = o.host();
        this.servicePort = o.servicePort();
        this.pubPort = o.pubPort();
        this.subPort = o.subPort();
        this.heartbeatIntervalMs = o.heartbeatIntervalMs();
        this.heartbeatLiveness = o.heartbeatLiveness();
        this.maxMessageBytes = o.maxMessageBytes();
        this.maxFrames = DEFAULT_MAX_FRAMES;
        this.deadLetterTopic = deadLetterTopic;
        this.defaultMaxRetries = defaultMaxRetries;
        this.maxRetriesByService = Map.copyOf(maxRetriesByService);
        this.maxMessageBytesByService = Map.copyOf(maxMessageBytesByService);
        this.defaultQueueTimeoutMs = defaultQueueTimeoutMs;
        this.queueTimeoutMsByService = Map.copyOf(queueTimeoutMsByService);
        this.decisionDeadlineMs = decisionDeadlineMs;
        validate();
        this.byteBounds = ByteBounds.of(o, maxHeapBytes);
    }

    /**
     * The configuration of {@code topology}'s orchester, its byte bounds derived from this JVM's
     * heap where the topology leaves them out; throws IllegalArgumentException naming a bad value.
     */
    public static OrchesterConfig from(final Topology topology) {
        return from(topology, Runtime.getRuntime().maxMemory());
    }

    /** As {@link #from(Topology)}, for an orchester whose JVM may use {@code maxHeapBytes} of heap. */
    public static OrchesterConfig from(final Topology topology, final long maxHeapBytes) {
        return from(topology, PairRole.PRIMARY, maxHeapBytes);
    }

    /**
     * As {@link #from(Topology)}, for {@code role}'s orchester of a pair: the backup takes the
     * backup's host and ports. Without a backup in the topology, {@code role} must be the
     * primary, and the orchester is single.
     */
    public static OrchesterConfig from(final Topology topology, final PairRole role) {
        return from(topology, role, Runtime.getRuntime().maxMemory());
    }

    private static OrchesterConfig from(final Topology topology, final PairRole role, final long maxHeapBytes) {
        Objects.requireNonNull(topology, "topology");
        Objects.requireNonNull(role, "role");
        final OrchesterSpec spec = topology.orchester();
        if (!spec.paired() && role == PairRole.BACKUP) {
            throw new IllegalArgumentException("orchester backup : none in topology " + topology.name()
                + " (expected: orchester.backup in the topology, or no --backup)");
        }
        final PairConfig pair = spec.paired() ? PairConfig.of(spec, role) : null;
        final OrchesterSpec own = role == PairRole.BACKUP ? spec.asBackup() : spec;
        final Map<String, Integer> retries = new TreeMap<>();
        final Map<String, Long> sizes = new TreeMap<>();
        final Map<String, Long> queueTimeouts = new TreeMap<>();
        for (final SatelliteSpec s : topology.satellites().values()) {
            if (s.isWorker()) {
                retries.merge(s.service(), topology.maxRetries(s), Math::max);
                sizes.merge(s.service(), topology.maxMessageBytes(s), Math::max);
                queueTimeouts.merge(s.service(), topology.queueTimeoutMs(s),
                    (a, b) -> a == 0 || b == 0 ? 0 : Math.max(a, b));
            }
        }
        return new OrchesterConfig(topology.name(), own, topology.tracker().deadLetterTopic(),
            topology.tracker().maxRetries(), retries, sizes, topology.tracker().queueTimeoutMs(), queueTimeouts,
            maxHeapBytes, Math.max(MIN_DECISION_DEADLINE_MS, 3 * topology.tracker().retryBackoffMs()), pair,
            topology.security());
    }

    private void validate() {
        checkPort("service_port", servicePort);
        checkPort("pub_port", pubPort);
        checkPort("sub_port", subPort);
        if (servicePort == pubPort || servicePort == subPort || pubPort == subPort) {
            throw new IllegalArgumentException("orchester ports : " + servicePort + ", " + pubPort + ", " + subPort
                + " (expected: three different ports)");
        }
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("orchester host : \"" + host + "\" (expected: a host name or address)");
        }
        if (heartbeatIntervalMs < 1) {
            throw new IllegalArgumentException("heartbeat_interval : " + heartbeatIntervalMs + " ms (expected: >= 1 ms)");
        }
        if (heartbeatLiveness < 1) {
            throw new IllegalArgumentException("heartbeat_liveness : " + heartbeatLiveness + " (expected: >= 1)");
        }
        if (maxMessageBytes < 1 || maxMessageBytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("max_message_size : " + maxMessageBytes + " bytes (expected: 1.."
                + Integer.MAX_VALUE + ")");
        }
        if (defaultQueueTimeoutMs < 0) {
            throw new IllegalArgumentException("queue_timeout : " + defaultQueueTimeoutMs + " ms (expected: >= 0)");
        }
        maxMessageBytesByService.forEach((service, n) -> {
            if (n < 1 || n > maxMessageBytes) {
                throw new IllegalArgumentException("max_message_size of service " + service + " : " + n + " bytes "
                    + "(expected: 1.." + maxMessageBytes + ", at most the orchester's max_message_size)");
            }
        });
        queueTimeoutMsByService.forEach((service, ms) -> {
            if (ms < 0) {
                throw new IllegalArgumentException("queue_timeout of service " + service + " : " + ms + " ms (expected: >= 0)");
            }
        });
        if (deadLetterTopic == null || deadLetterTopic.isEmpty()) {
            throw new IllegalArgumentException("dead_letter : \"" + deadLetterTopic + "\" (expected: a non-empty topic)");
        }
        if (defaultMaxRetries < 0) {
            throw new IllegalArgumentException("max_retries : " + defaultMaxRetries + " (expected: >= 0)");
        }
        maxRetriesByService.forEach((service, n) -> {
            if (n < 0) {
                throw new IllegalArgumentException("max_retries of service " + service + " : " + n + " (expected: >= 0)");
            }
            if (service.isEmpty() || service.getBytes(java.nio.charset.StandardCharsets.UTF_8).length
                > Mdp.MAX_SERVICE_NAME_BYTES) {
                throw new IllegalArgumentException("service : \"" + service + "\" (expected: 1.."
                    + Mdp.MAX_SERVICE_NAME_BYTES + " bytes)");
            }
        });
    }

    private static void checkPort(final String name, final int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(name + " : " + port + " (expected: 1..65535)");
        }
    }

    public String topologyName() {
        return topologyName;
    }

    public String host() {
        return host;
    }

    public int servicePort() {
        return servicePort;
    }

    public int pubPort() {
        return pubPort;
    }

    public int subPort() {
        return subPort;
    }

    public long heartbeatIntervalMs() {
        return heartbeatIntervalMs;
    }

    public int heartbeatLiveness() {
        return heartbeatLiveness;
    }

    /** Silence after which a worker is declared dead: interval times liveness. */
    public long expiryMs() {
        return heartbeatIntervalMs * heartbeatLiveness;
    }

    public long maxMessageBytes() {
        return maxMessageBytes;
    }

    public int maxFrames() {
        return maxFrames;
    }

    /** The bytes of requests the orchester may hold: in total, per service, per client. */
    public ByteBounds byteBounds() {
        return byteBounds;
    }

    /** Largest request body {@code service} accepts; a larger one is dead at entry. */
    public long maxMessageBytes(final String service) {
        return maxMessageBytesByService.getOrDefault(service, maxMessageBytes);
    }

    /** How long a request for {@code service} may wait queued for a worker; 0: forever. */
    public long queueTimeoutMs(final String service) {
        return queueTimeoutMsByService.getOrDefault(service, defaultQueueTimeoutMs);
    }

    /**
     * How long a failed attempt waits for a tracker's decision before the orchester makes it with
     * its own retry policy: three retry backoffs, at least {@link #MIN_DECISION_DEADLINE_MS}.
     */
    public long decisionDeadlineMs() {
        return decisionDeadlineMs;
    }

    /** This orchester's part in a pair (Binary Star), or null for a single orchester. */
    public PairConfig pair() {
        return pair;
    }

    /** Keys and rights (every endpoint speaks CURVE), or null: no security. */
    public SecuritySpec security() {
        return security;
    }

    public String deadLetterTopic() {
        return deadLetterTopic;
    }

    /** Attempts after the first before a message of {@code service} is dead. */
    public int maxRetries(final String service) {
        return maxRetriesByService.getOrDefault(service, defaultMaxRetries);
    }

    @Override
    public String toString() {
        return "OrchesterConfig[topology=" + topologyName + ", " + host + ":" + servicePort + "/" + pubPort + "/"
            + subPort + ", heartbeat=" + heartbeatIntervalMs + "ms x" + heartbeatLiveness + ", maxMessageBytes="
            + maxMessageBytes + ", " + byteBounds + ", deadLetterTopic=" + deadLetterTopic + ", maxRetries=" + maxRetriesByService
            + " default " + defaultMaxRetries + (pair == null ? "" : ", " + pair) + "]";
    }
}
