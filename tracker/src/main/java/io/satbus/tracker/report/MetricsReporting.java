package io.satbus.tracker.report;

import com.codahale.metrics.Clock;
import com.codahale.metrics.MetricFilter;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.graphite.GraphiteReporter;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.satbus.core.Liveness;
import io.satbus.core.topology.Topology;
import io.satbus.core.topology.TrackerSpec;
import io.satbus.tracker.DeadMessage;
import io.satbus.tracker.MetricNames;
import io.satbus.tracker.http.StatsServer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything that takes a process's {@link MetricRegistry} out of it, started from a topology:
 *
 * <ul>
 *   <li>JVM basics registered under {@code satbus.<topology>.<role>.jvm.*}, with the process's
 *       file descriptors ({@code jvm.fd.open}, {@code jvm.fd.max});</li>
 *   <li>when the topology names Graphite ({@code tracker.metrics.graphite}), a Dropwizard
 *       {@code GraphiteReporter} writing every metric of the registry to carbon's plaintext
 *       port every {@code tracker.metrics.interval}, on its own scheduler thread, through a
 *       {@link CarbonSender} that bounds each report and survives carbon going away;</li>
 *   <li>always, the local HTTP view ({@link StatsServer}): the live page at /, /health, /metrics,
 *       /topology, /dead, with
 *       its connections bounded by {@code tracker.metrics.max_connections} and
 *       {@code idle_timeout} and counted under {@code satbus.<topology>.<role>.http.*}; /health
 *       is down while a loop given to {@link Builder#liveness(Liveness)} does not turn.</li>
 * </ul>
 *
 * Nothing here runs on the caller's thread after {@code start}: a lost carbon costs the
 * reporter thread at most one report deadline per interval and never touches message routing.
 * Timestamps and rates are in seconds, durations in milliseconds.
 *
 * <p>Thread-safe; {@link #close()} is idempotent.
 */
public final class MetricsReporting implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MetricsReporting.class);

    /** Role whose JVM metrics this process reports when not told otherwise. */
    public static final String DEFAULT_ROLE = "orchester";
    /** Longest wait for carbon to accept a connection. */
    public static final long DEFAULT_CONNECT_TIMEOUT_MS = 1_000;
    /** Longest time one connected report may take to write and flush. */
    public static final long DEFAULT_WRITE_TIMEOUT_MS = 5_000;

    private final String jvmPrefix;
    private final MetricRegistry registry;
    private final GraphiteReporter reporter;
    private final CarbonSender sender;
    private final ScheduledExecutorService watchdog;
    private final StatsServer http;
    private boolean closed;

    private MetricsReporting(final String jvmPrefix, final MetricRegistry registry, final GraphiteReporter reporter,
                             final CarbonSender sender, final ScheduledExecutorService watchdog,
                             final StatsServer http) {
        this.jvmPrefix = jvmPrefix;
        this.registry = registry;
        this.reporter = reporter;
        this.sender = sender;
        this.watchdog = watchdog;
        this.http = http;
    }

    /** Starts reporting {@code registry} as the topology says, with every default of {@link Builder}. */
    public static MetricsReporting start(final Topology topology, final MetricRegistry registry) {
        return forRegistry(registry).start(topology);
    }

    /** A builder to start reporting {@code registry} with settings other than the defaults. */
    public static Builder forRegistry(final MetricRegistry registry) {
        return new Builder(registry);
    }

    /** How Graphite reporting goes, or empty when the topology names no Graphite. */
    public Optional<GraphiteStatus> graphite() {
        return sender == null ? Optional.empty() : Optional.of(sender.status());
    }

    /** The port the HTTP view listens on, or -1 when it is off. */
    public int httpPort() {
        return http == null ? -1 : http.port();
    }

    /**
     * Reports once now, on the caller's thread, bounded by the connect and write timeouts; a
     * no-op without Graphite. For a last report before exit and for tests.
     */
    public void reportNow() {
        if (reporter != null) {
            reporter.report();
        }
    }

    /**
     * Stops the schedule, sends one last report (bounded like any other), stops the HTTP view
     * and removes the JVM metrics from the registry.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (reporter != null) {
                reporter.stop();
                reporter.report();
                watchdog.shutdownNow();
            }
        } finally {
            if (http != null) {
                http.close();
            }
            JvmMetrics.remove(registry, jvmPrefix);
        }
    }

    /** Settings of a {@link MetricsReporting}; every default is set in the constructor. Not thread-safe. */
    public static final class Builder {
        private static final Pattern ROLE = Pattern.compile("[A-Za-z0-9_-]+");

        private final MetricRegistry registry;
        private String role;
        private String httpHost;
        private int httpPort;
        private long connectTimeoutMs;
        private long writeTimeoutMs;
        private Clock clock;
        private MetricFilter filter;
        private final List<Liveness> loops;
        private Supplier<List<DeadMessage>> deadLetters;

        private Builder(final MetricRegistry registry) {
            this.registry = Objects.requireNonNull(registry, "registry");
            this.role = DEFAULT_ROLE;
            this.httpHost = null;
            this.httpPort = -1;
            this.connectTimeoutMs = DEFAULT_CONNECT_TIMEOUT_MS;
            this.writeTimeoutMs = DEFAULT_WRITE_TIMEOUT_MS;
            this.clock = Clock.defaultClock();
            this.filter = MetricFilter.ALL;
            this.loops = new ArrayList<>();
            this.deadLetters = List::of;
        }

        /** The last dead messages (oldest first, thread-safe) for /dead and the live page; default none. */
        public Builder deadLetters(final Supplier<List<DeadMessage>> value) {
            this.deadLetters = Objects.requireNonNull(value, "deadLetters");
            return this;
        }

        /** A loop of this process that /health reports, down while it does not turn; default none. */
        public Builder liveness(final Liveness value) {
            this.loops.add(Objects.requireNonNull(value, "liveness"));
            return this;
        }

        /** The role this process plays, naming its JVM metrics; default {@value MetricsReporting#DEFAULT_ROLE}. */
        public Builder role(final String value) {
            if (value == null || !ROLE.matcher(value).matches()) {
                throw new IllegalArgumentException("role : \"" + value + "\" (expected: a name matching " + ROLE
                    + ", one Graphite path node, such as orchester or tracker)");
            }
            this.role = value;
            return this;
        }

        /** Address of the HTTP view; default: the topology's {@code tracker.metrics.http}. */
        public Builder httpHost(final String value) {
            this.httpHost = Objects.requireNonNull(value, "httpHost");
            return this;
        }

        /** Port of the HTTP view, 0 for an ephemeral one; default: the topology's {@code tracker.metrics.http}. */
        public Builder httpPort(final int value) {
            this.httpPort = value;
            return this;
        }

        /** Longest wait for carbon's connection; default {@value MetricsReporting#DEFAULT_CONNECT_TIMEOUT_MS} ms. */
        public Builder connectTimeoutMs(final long value) {
            this.connectTimeoutMs = positive("connectTimeoutMs", value);
            return this;
        }

        /** Longest write and flush of one report; default {@value MetricsReporting#DEFAULT_WRITE_TIMEOUT_MS} ms. */
        public Builder writeTimeoutMs(final long value) {
            this.writeTimeoutMs = positive("writeTimeoutMs", value);
            return this;
        }

        /** Clock for timestamps sent to carbon and shown over HTTP; default the system clock. */
        public Builder clock(final Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /** Which metrics go to Graphite; default all of them. The HTTP view always shows all. */
        public Builder filter(final MetricFilter value) {
            this.filter = Objects.requireNonNull(value, "filter");
            return this;
        }

        /**
         * Registers the JVM metrics, starts the HTTP view and, when the topology names Graphite,
         * the reporter; the first report goes out one interval from now.
         *
         * @throws IllegalStateException    when the HTTP port cannot be bound
         * @throws IllegalArgumentException when this role's JVM metrics are already in the registry
         */
        public MetricsReporting start(final Topology topology) {
            Objects.requireNonNull(topology, "topology");
            final TrackerSpec tracker = topology.tracker();
            final String jvmPrefix = MetricNames.jvm(topology.name(), role);
            JvmMetrics.register(registry, jvmPrefix, tracker.metricsIntervalMs());
            CarbonSender sender = null;
            GraphiteReporter reporter = null;
            ScheduledExecutorService watchdog = null;
            StatsServer http = null;
            try {
                if (tracker.graphiteEnabled()) {
                    watchdog = Executors.newSingleThreadScheduledExecutor(
                        new DefaultThreadFactory("satbus-graphite-deadline", true));
                    sender = new CarbonSender(tracker.graphiteHost(), tracker.graphitePort(), connectTimeoutMs,
                        writeTimeoutMs, watchdog, clock);
                    reporter = GraphiteReporter.forRegistry(registry)
                        .withClock(clock)
                        .convertRatesTo(TimeUnit.SECONDS)
                        .convertDurationsTo(TimeUnit.MILLISECONDS)
                        .filter(filter)
                        .scheduleOn(Executors.newSingleThreadScheduledExecutor(
                            new DefaultThreadFactory("satbus-graphite-" + topology.name(), true)))
                        .shutdownExecutorOnStop(true)
                        .build(sender);
                }
                final CarbonSender shown = sender;
                final String host = httpHost != null ? httpHost : tracker.httpHost();
                final int port = httpPort >= 0 ? httpPort : tracker.httpPort();
                if (host != null) {
                    final StatsServer.Builder b = StatsServer.forRegistry(registry).topology(topology).host(host)
                        .port(port).clock(clock).maxConnections(tracker.httpMaxConnections())
                        .idleTimeoutMs(tracker.httpIdleTimeoutMs()).metricsPrefix(MetricNames.http(topology.name(), role))
                        .healthDetails(() -> health(shown)).deadLetters(deadLetters);
                    loops.forEach(b::liveness);
                    http = b.start();
                }
                final String view = http == null ? "off" : "http://" + host + ":" + http.port() + "/metrics";
                if (reporter != null) {
                    reporter.start(tracker.metricsIntervalMs(), TimeUnit.MILLISECONDS);
                    LOG.info("metrics of {} go to graphite {} every {} ms; local view {}",
                        topology.name(), sender.endpoint(), tracker.metricsIntervalMs(), view);
                } else {
                    LOG.info("metrics of {}: no graphite configured; local view {}", topology.name(), view);
                }
                return new MetricsReporting(jvmPrefix, registry, reporter, sender, watchdog, http);
            } catch (RuntimeException ex) {
                if (reporter != null) {
                    reporter.close();
                }
                if (watchdog != null) {
                    watchdog.shutdownNow();
                }
                JvmMetrics.remove(registry, jvmPrefix);
                throw ex;
            }
        }

        private static Map<String, ?> health(final CarbonSender sender) {
            final Map<String, Object> details = new LinkedHashMap<>();
            details.put("graphite", sender == null ? Map.of("enabled", false) : graphite(sender.status()));
            return details;
        }

        private static Map<String, Object> graphite(final GraphiteStatus s) {
            final Map<String, Object> g = new LinkedHashMap<>();
            g.put("enabled", true);
            g.put("endpoint", s.endpoint());
            g.put("reports_sent", s.reportsSent());
            g.put("reports_failed", s.reportsFailed());
            g.put("consecutive_failures", s.consecutiveFailures());
            g.put("last_sent_at_ms", s.lastSentAtMs());
            g.put("last_error", s.lastError());
            return g;
        }

        private static long positive(final String name, final long value) {
            if (value <= 0) {
                throw new IllegalArgumentException(name + " : " + value + " (expected: > 0)");
            }
            return value;
        }
    }
}
