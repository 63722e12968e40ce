package io.satbus.core.topology;

/**
 * Deadlines, retries and metrics: the defaults every service inherits unless its satellite
 * states its own.
 *
 * @param timeoutMs         deadline of one attempt
 * @param maxRetries        attempts after the first before a message is dead
 * @param retryBackoffMs    delay before a retry
 * @param deadLetterTopic   topic dead messages are published on
 * @param graphiteHost      carbon host, or null when no Graphite is configured
 * @param graphitePort      carbon plaintext port
 * @param metricsIntervalMs reporting interval
 * @param httpHost          address of the local HTTP view of the metrics, or null when it is off
 * @param httpPort          its port; 0 for any free port
 * @param httpMaxConnections most connections the HTTP view keeps open at once
 * @param httpIdleTimeoutMs  how long the HTTP view keeps a connection that neither sends nor receives
 * @param queueTimeoutMs    longest a request waits queued for a worker before it expires (the
 *                          orchester gives it up); 0: never
 */
public record TrackerSpec(long timeoutMs, int maxRetries, long retryBackoffMs, String deadLetterTopic,
                          String graphiteHost, int graphitePort, long metricsIntervalMs,
                          String httpHost, int httpPort, int httpMaxConnections, long httpIdleTimeoutMs,
                          long queueTimeoutMs) {
    public static final long DEFAULT_TIMEOUT_MS = 5000;
    public static final int DEFAULT_MAX_RETRIES = 2;
    public static final long DEFAULT_RETRY_BACKOFF_MS = 0;
    public static final String DEFAULT_DEAD_LETTER_TOPIC = "satbus.dead";
    public static final int DEFAULT_GRAPHITE_PORT = 2003;
    public static final long DEFAULT_METRICS_INTERVAL_MS = 10_000;
    public static final String DEFAULT_HTTP_HOST = "127.0.0.1";
    /**
     * The HTTP view's port by default is the orchester's {@code service_port} plus this: next to
     * the orchester's three ports and the tracker link's, and different for every topology that
     * can run beside another (they must have different orchester ports anyway).
     */
    public static final int HTTP_PORT_OFFSET = 4;
    /** With the default orchester ports 5670..5672 and the tracker link's 5673. */
    public static final int DEFAULT_HTTP_PORT = OrchesterSpec.DEFAULT_SERVICE_PORT + HTTP_PORT_OFFSET;
    /** Highest {@code max_retries} a topology may ask for, globally or per service. */
    public static final int MAX_RETRIES_LIMIT = 100;
    /**
     * Connections the HTTP view keeps open at once: a few dashboards, scrapers and curls, with
     * room to spare. Beyond it, the connection quiet the longest is closed to make room.
     */
    public static final int DEFAULT_HTTP_MAX_CONNECTIONS = 64;
    /** Highest {@code tracker.metrics.max_connections}: each one is a file descriptor. */
    public static final int HTTP_MAX_CONNECTIONS_LIMIT = 10_000;
    /** An HTTP connection quiet this long is closed; longer than any sensible scrape interval. */
    public static final long DEFAULT_HTTP_IDLE_TIMEOUT_MS = 30_000;
    /** A minute: a request nobody serves for that long is answered as expired rather than held on. */
    public static final long DEFAULT_QUEUE_TIMEOUT_MS = 60_000;

    /** With the default queue timeout. */
    public TrackerSpec(final long timeoutMs, final int maxRetries, final long retryBackoffMs,
                       final String deadLetterTopic, final String graphiteHost, final int graphitePort,
                       final long metricsIntervalMs, final String httpHost, final int httpPort,
                       final int httpMaxConnections, final long httpIdleTimeoutMs) {
        this(timeoutMs, maxRetries, retryBackoffMs, deadLetterTopic, graphiteHost, graphitePort, metricsIntervalMs,
            httpHost, httpPort, httpMaxConnections, httpIdleTimeoutMs, DEFAULT_QUEUE_TIMEOUT_MS);
    }

    /** With the HTTP view's default connection bounds and the default queue timeout. */
    public TrackerSpec(final long timeoutMs, final int maxRetries, final long retryBackoffMs,
                       final String deadLetterTopic, final String graphiteHost, final int graphitePort,
                       final long metricsIntervalMs, final String httpHost, final int httpPort) {
        this(timeoutMs, maxRetries, retryBackoffMs, deadLetterTopic, graphiteHost, graphitePort, metricsIntervalMs,
            httpHost, httpPort, DEFAULT_HTTP_MAX_CONNECTIONS, DEFAULT_HTTP_IDLE_TIMEOUT_MS);
    }

    /**
     * The HTTP view's default port for an orchester on {@code servicePort}:
     * {@code servicePort + }{@value #HTTP_PORT_OFFSET}, or 0 (any free port) past 65535.
     */
    public static int defaultHttpPort(final int servicePort) {
        final int port = servicePort + HTTP_PORT_OFFSET;
        return port <= 65535 ? port : 0;
    }

    public static TrackerSpec defaults() {
        return new TrackerSpec(DEFAULT_TIMEOUT_MS, DEFAULT_MAX_RETRIES, DEFAULT_RETRY_BACKOFF_MS,
            DEFAULT_DEAD_LETTER_TOPIC, null, DEFAULT_GRAPHITE_PORT, DEFAULT_METRICS_INTERVAL_MS,
            DEFAULT_HTTP_HOST, DEFAULT_HTTP_PORT, DEFAULT_HTTP_MAX_CONNECTIONS, DEFAULT_HTTP_IDLE_TIMEOUT_MS);
    }

    public boolean graphiteEnabled() {
        return graphiteHost != null;
    }

    public boolean httpEnabled() {
        return httpHost != null;
    }

    /** A copy whose HTTP view listens on {@code host:port}, or is off when {@code host} is null. */
    public TrackerSpec withHttp(final String host, final int port) {
        return new TrackerSpec(timeoutMs, maxRetries, retryBackoffMs, deadLetterTopic, graphiteHost, graphitePort,
            metricsIntervalMs, host, port, httpMaxConnections, httpIdleTimeoutMs, queueTimeoutMs);
    }

    /** A copy whose requests expire after {@code ms} queued (0: never). */
    public TrackerSpec withQueueTimeout(final long ms) {
        return new TrackerSpec(timeoutMs, maxRetries, retryBackoffMs, deadLetterTopic, graphiteHost, graphitePort,
            metricsIntervalMs, httpHost, httpPort, httpMaxConnections, httpIdleTimeoutMs, ms);
    }
}
