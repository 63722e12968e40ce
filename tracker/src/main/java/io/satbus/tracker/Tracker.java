package io.satbus.tracker;

import com.codahale.metrics.Clock;
import com.codahale.metrics.MetricRegistry;
import io.satbus.core.AgentRunner;
import io.satbus.core.Threads;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.ZContext;

/**
 * A running tracker: one thread that owns the tracker link's socket and runs
 * {@link TrackerLoop#doWork(long)} until {@link #close()}.
 *
 * <p>In the orchester's process (the default), both share one ZeroMQ context and meet on
 * {@code inproc://satbus-tracker-<topology>}:
 * <pre>{@code
 * try (ZContext context = new ZContext();
 *      Tracker tracker = Tracker.start(TrackerConfig.from(topology), context, Endpoints.trackerInproc(topology.name()));
 *      Orchester orchester = Orchester.start(OrchesterConfig.from(topology), context, tracker.endpoint())) {
 *     ...
 * }
 * }</pre>
 * In a process of its own, {@link #start(TrackerConfig, String)} binds TCP and the orchester uses
 * {@code Orchester.start(config, "tcp://HOST:PORT")}; see {@link TrackerProcess}.
 *
 * <p>Thread-safe: {@link #status()}, {@link #registry()} and {@link #close()} from any thread.
 */
public final class Tracker implements AutoCloseable {
    /**
     * How long one poll of the link may block when there is nothing to do; deadlines fire within
     * about this much of their tick. Events wake the loop at once; this only bounds how late a
     * deadline or a retry backoff may be noticed (timeouts are seconds), and each idle wake-up
     * costs a selector pass, so it is not 1 ms.
     */
    public static final long DEFAULT_POLL_TIMEOUT_MS = 10;
    private static final Logger LOG = LoggerFactory.getLogger(Tracker.class);

    private final TrackerConfig config;
    private final MetricRegistry registry;
    private final RoleMetrics role;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final LongAdder loopErrors = new LongAdder();
    private final CompletableFuture<TrackerLoop> bound = new CompletableFuture<>();
    private final Thread thread;
    private volatile TrackerLoop loop;

    private Tracker(final TrackerConfig config, final ZContext sharedContext, final String endpoint,
                    final MetricRegistry registry, final Clock clock) {
        this.config = config;
        this.registry = registry;
        this.role = new RoleMetrics(registry, config.topologyName());
        this.thread = new Thread(() -> run(sharedContext, endpoint, clock), "satbus-tracker-" + config.topologyName());
    }

    /** A tracker at {@code endpoint} ({@code tcp://HOST:PORT}, port 0 or * for any) in a context of its own. */
    public static Tracker start(final TrackerConfig config, final String endpoint) {
        return start(config, null, endpoint, new MetricRegistry(), Clock.defaultClock());
    }

    /**
     * A tracker at {@code endpoint} in {@code context}: pass the orchester's context and
     * {@code Endpoints.trackerInproc(topology)} to run both in one process. The caller owns
     * {@code context} and closes it after the tracker and the orchester.
     */
    public static Tracker start(final TrackerConfig config, final ZContext context, final String endpoint) {
        return start(config, Objects.requireNonNull(context, "context"), endpoint, new MetricRegistry(),
            Clock.defaultClock());
    }

    /**
     * As above, registering its metrics in {@code registry} (shared with reporters, JVM metrics...)
     * and timing with {@code clock}; {@code context} may be null for a context of its own.
     *
     * @throws IllegalStateException when the endpoint cannot be bound; its message is for the user
     */
    public static Tracker start(final TrackerConfig config, final ZContext context, final String endpoint,
                                final MetricRegistry registry, final Clock clock) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(endpoint, "endpoint");
        final Tracker t = new Tracker(config, context, endpoint, Objects.requireNonNull(registry, "registry"),
            Objects.requireNonNull(clock, "clock"));
        t.thread.start();
        try {
            t.loop = t.bound.get();
        } catch (ExecutionException ex) {
            t.close();
            if (ex.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException("tracker " + config.topologyName() + " failed to start", ex.getCause());
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            t.close();
            throw new IllegalStateException("interrupted while starting tracker " + config.topologyName(), ex);
        }
        LOG.info("tracker {} listening on {}", config.topologyName(), t.loop.endpoint());
        return t;
    }

    private void run(final ZContext sharedContext, final String endpoint, final Clock clock) {
        if (sharedContext != null) {
            runIn(sharedContext, endpoint, clock);
            return;
        }
        try (ZContext context = new ZContext(1)) {
            runIn(context, endpoint, clock);
        }
    }

    /** Exceptions that escaped a turn of the tracker's loop, counted and gone past ({@link AgentRunner}). */
    public long loopErrors() {
        return loopErrors.sum();
    }

    private void runIn(final ZContext context, final String endpoint, final Clock clock) {
        final TrackerLoop l;
        try {
            l = TrackerLoop.bind(context, config, endpoint, registry, clock, DEFAULT_POLL_TIMEOUT_MS);
        } catch (RuntimeException ex) {
            bound.completeExceptionally(ex);
            return;
        }
        bound.complete(l);
        try (l) {
            AgentRunner.run(l, nowNanos -> running.get(), clock::getTick, loopErrors);
        } catch (RuntimeException ex) {
            // Only closing can get here: the runner counts what the loop throws and goes on.
            LOG.error("tracker {} loop stopped", config.topologyName(), ex);
        }
    }

    /** Link connections refused for a key other than the orchester's (security on, TCP); thread-safe. */
    public long refusedKeys() {
        final TrackerLoop l = loop;
        return l == null ? 0 : l.refusedKeys();
    }

    public TrackerConfig config() {
        return config;
    }

    /** Where the orchester connects: the bound endpoint, port resolved. */
    public String endpoint() {
        return loop.endpoint();
    }

    /** Every metric of the tracker (see docs/metrics.md). Thread-safe. */
    public MetricRegistry registry() {
        return registry;
    }

    /** Messages in flight, deaths and the last dead messages with their history. Thread-safe. */
    public TrackerStatus status() {
        return new TrackerStatus(config.topologyName(), role.tracked.get(), role.dead.getCount(),
            loop.engine().recentDead());
    }

    /** Stops the loop, closes the socket (and the context if it is its own), waits for the thread. Idempotent. */
    @Override
    public void close() {
        running.set(false);
        Threads.joinUninterruptibly(thread);
    }
}
