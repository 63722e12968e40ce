package io.satbus.orchester;

import io.satbus.core.Agent;
import io.satbus.core.AgentRunner;
import io.satbus.core.Liveness;
import io.satbus.core.Threads;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.ZContext;

/**
 * A running orchester: one thread that owns the three sockets (and the tracker link's, when a
 * tracker is attached), and runs {@link OrchesterLoop#doWork(long)} until {@link #close()}.
 *
 * <pre>{@code
 * try (Orchester o = Orchester.start(OrchesterConfig.from(topology))) {
 *     ...
 *     OrchesterStatus s = o.status();
 * }
 * }</pre>
 * Without a tracker, failed attempts are retried up to {@code max_retries} by the orchester's own
 * policy and there are no deadlines: a hung worker holds its requests until it is declared dead.
 * Deadlines, retry backoff and the tracker's metrics need a tracker, reached in the same process
 * ({@link #start(OrchesterConfig, ZContext, String)} with the tracker's context and
 * {@code inproc://} endpoint) or over TCP ({@link #start(OrchesterConfig, String)}).
 *
 * <p>The loop's {@link #liveness()} says whether it still turns (the HTTP view's {@code /health}
 * asks it), and {@link #startWatchdog(Consumer)} acts when it does not.
 * Thread-safe: {@link #status()}, {@link #liveness()} and {@link #close()} may be called from any thread.
 */
public final class Orchester implements AutoCloseable {
    /** How long {@link #status()} waits for the loop before answering with the last snapshot. */
    public static final long DEFAULT_STATUS_TIMEOUT_MS = 2000;
    /**
     * Longest time between two rounds of a loop that is alive. A round polls for at most
     * {@link OrchesterConfig#DEFAULT_POLL_TIMEOUT_MS} and handles a bounded batch, so a healthy loop
     * turns every few milliseconds; 10 s is a loop that is stuck, not one that is slow (a full
     * garbage collection of a 128 MiB heap takes well under a second).
     */
    public static final long LOOP_STALL_BOUND_MS = 10_000;
    /** The loop's name on /health and in the watchdog's log. */
    public static final String LOOP_NAME = "orchester_loop";
    private static final Logger LOG = LoggerFactory.getLogger(Orchester.class);

    private final OrchesterConfig config;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final LongAdder loopErrors = new LongAdder();
    private final CompletableFuture<OrchesterLoop> bound = new CompletableFuture<>();
    private final Thread thread;
    private final LongSupplier clockMs;
    private final Liveness liveness;
    private volatile OrchesterLoop loop;

    private Orchester(final OrchesterConfig config, final RetryPolicy retryPolicy, final ZContext sharedContext,
                      final String trackerEndpoint, final LongSupplier clockMs, final long pollTimeoutMs) {
        this.config = config;
        this.clockMs = clockMs;
        this.liveness = new Liveness(LOOP_NAME, LOOP_STALL_BOUND_MS, clockMs.getAsLong());
        this.thread = new Thread(() -> run(retryPolicy, sharedContext, trackerEndpoint, clockMs, pollTimeoutMs),
            "satbus-orchester-" + config.topologyName());
    }

    /**
     * Binds service_port, pub_port and sub_port on a new thread and returns once they are bound.
     *
     * @throws OrchesterBindException when an endpoint cannot be bound; its message is for the user
     */
    public static Orchester start(final OrchesterConfig config) {
        return start(config, RetryPolicy.maxRetries(config), null, null, System::currentTimeMillis,
            OrchesterConfig.DEFAULT_POLL_TIMEOUT_MS);
    }

    /**
     * As {@link #start(OrchesterConfig)}, with the tracker listening at {@code trackerEndpoint}
     * ({@code tcp://HOST:PORT}, another process): the tracker decides retries and dead letters and
     * enforces deadlines. The orchester owns its own ZeroMQ context.
     */
    public static Orchester start(final OrchesterConfig config, final String trackerEndpoint) {
        Objects.requireNonNull(trackerEndpoint, "trackerEndpoint");
        if (trackerEndpoint.startsWith("inproc://")) {
            throw new IllegalArgumentException("tracker endpoint : " + trackerEndpoint + " (expected: tcp://HOST:PORT; "
                + "an inproc:// tracker needs start(config, context, endpoint) with the tracker's context)");
        }
        return start(config, RetryPolicy.maxRetries(config), null, trackerEndpoint, System::currentTimeMillis,
            OrchesterConfig.DEFAULT_POLL_TIMEOUT_MS);
    }

    /**
     * As {@link #start(OrchesterConfig, String)}, with the orchester's sockets in {@code context}:
     * the tracker's, so that an {@code inproc://} endpoint reaches a tracker in this process. The
     * caller owns {@code context} and closes it after this orchester and the tracker.
     */
    public static Orchester start(final OrchesterConfig config, final ZContext context, final String trackerEndpoint) {
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(trackerEndpoint, "trackerEndpoint");
        return start(config, RetryPolicy.maxRetries(config), context, trackerEndpoint, System::currentTimeMillis,
            OrchesterConfig.DEFAULT_POLL_TIMEOUT_MS);
    }

    static Orchester start(final OrchesterConfig config, final RetryPolicy retryPolicy, final LongSupplier clockMs,
                           final long pollTimeoutMs) {
        return start(config, retryPolicy, null, null, clockMs, pollTimeoutMs);
    }

    private static Orchester start(final OrchesterConfig config, final RetryPolicy retryPolicy,
                                   final ZContext sharedContext, final String trackerEndpoint,
                                   final LongSupplier clockMs, final long pollTimeoutMs) {
        Objects.requireNonNull(config, "config");
        final Orchester o = new Orchester(config, retryPolicy, sharedContext, trackerEndpoint, clockMs, pollTimeoutMs);
        o.thread.start();
        try {
            o.loop = o.bound.get();
        } catch (ExecutionException ex) {
            o.close();
            if (ex.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException("orchester " + config.topologyName() + " failed to start", ex.getCause());
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            o.close();
            throw new IllegalStateException("interrupted while starting orchester " + config.topologyName(), ex);
        }
        LOG.info("orchester {} listening on {}: service_port {}, pub_port {}, sub_port {}, tracker {}",
            config.topologyName(), config.host(), config.servicePort(), config.pubPort(), config.subPort(),
            trackerEndpoint == null ? "none (local retries, no deadlines)" : trackerEndpoint);
        if (config.pair() != null) {
            LOG.info("orchester {} is the {} of a pair: peer link {} ({}), the other orchester at {}, its silence past {} ms"
                + " lets a satellite's request make this one active", config.topologyName(), config.pair().role().label(),
                config.pair().peerEndpoint(), config.pair().bindsPeer() ? "bound here" : "connected",
                config.pair().peerAddress(), config.pair().expiryMs());
        }
        logBounds(config, Runtime.getRuntime().maxMemory());
        if (config.security() == null && !isLoopback(config.host())) {
            LOG.warn("orchester {} listens on {} without security: any process that can reach it may work for its "
                + "services, read every topic and use the admin, in clear text (expected: a security section, "
                + "docs/security.md, or host 127.0.0.1)", config.topologyName(), config.host());
        }
        return o;
    }

    /** True for an address only this machine reaches: 127.0.0.0/8, ::1, localhost. */
    static boolean isLoopback(final String host) {
        final String h = host.toLowerCase(java.util.Locale.ROOT);
        return h.startsWith("127.") || h.equals("localhost") || h.equals("::1") || h.equals("[::1]");
    }

    /** The byte bounds in force, and a warning when they may not fit the heap this JVM was given. */
    static void logBounds(final OrchesterConfig config, final long maxHeapBytes) {
        final ByteBounds b = config.byteBounds();
        LOG.info("orchester {} holds at most {} of requests (heap {})", config.topologyName(), b,
            ByteBounds.readable(maxHeapBytes));
        if (b.maxQueuedBytes() > maxHeapBytes / 2) {
            LOG.warn("orchester {} max_queued_bytes : {}, more than half of its heap {} (expected: at most a quarter; "
                + "give the orchester more heap, or lower max_queued_bytes or max_message_size)", config.topologyName(),
                ByteBounds.readable(b.maxQueuedBytes()), ByteBounds.readable(maxHeapBytes));
        }
    }

    private void run(final RetryPolicy retryPolicy, final ZContext sharedContext, final String trackerEndpoint,
                     final LongSupplier clockMs, final long pollTimeoutMs) {
        if (sharedContext != null) {
            runIn(sharedContext, retryPolicy, trackerEndpoint, clockMs, pollTimeoutMs);
            return;
        }
        try (ZContext context = new ZContext(1)) {
            runIn(context, retryPolicy, trackerEndpoint, clockMs, pollTimeoutMs);
        }
    }

    /** Exceptions that escaped a turn of the routing loop, counted and gone past ({@link AgentRunner}). */
    public long loopErrors() {
        return loopErrors.sum();
    }

    private void runIn(final ZContext context, final RetryPolicy retryPolicy, final String trackerEndpoint,
                       final LongSupplier clockMs, final long pollTimeoutMs) {
        final OrchesterLoop l;
        try {
            l = OrchesterLoop.bind(context, config, retryPolicy, trackerEndpoint, pollTimeoutMs);
        } catch (RuntimeException ex) {
            liveness.died(ex);
            bound.completeExceptionally(ex);
            return;
        }
        bound.complete(l);
        final Agent routing = new Agent() {
            @Override
            public int doWork(final long nowMs) {
                liveness.turned(nowMs);
                return l.doWork(nowMs);
            }

            @Override
            public String roleName() {
                return "orchester " + config.topologyName();
            }
        };
        try (l) {
            AgentRunner.run(routing, nowMs -> running.get(), clockMs, loopErrors);
            liveness.stopped();
            l.status(clockMs.getAsLong());
        } catch (RuntimeException ex) {
            // Only closing can get here: the runner counts what the loop throws and goes on.
            liveness.died(ex);
            LOG.error("orchester {} loop stopped", config.topologyName(), ex);
        } catch (Error ex) {
            // Not swallowed: an out-of-memory or other virtual machine error must reach the
            // thread's uncaught-exception handler, which in a satbus process ends the process.
            liveness.died(ex);
            LOG.error("orchester {} loop stopped", config.topologyName(), ex);
            throw ex;
        }
    }

    /** Whether the loop still turns; thread-safe, read by the HTTP view's /health. */
    public Liveness liveness() {
        return liveness;
    }

    /**
     * Starts a {@link LoopWatchdog} on this orchester's loop: when the loop dies or has not turned
     * for {@link #LOOP_STALL_BOUND_MS}, it logs one line and the loop thread's stack, then calls
     * {@code action} with the line (once, on the watchdog's thread). Close it before the orchester.
     */
    public LoopWatchdog startWatchdog(final Consumer<String> action) {
        return LoopWatchdog.start(liveness, "orchester " + config.topologyName() + " routing loop", thread, clockMs,
            action);
    }

    public OrchesterConfig config() {
        return config;
    }

    /**
     * This orchester's part in a pair as of its last snapshot (taken at least every second with a
     * tracker attached, and at each {@link #status()}), or null for a single orchester. Thread-safe,
     * cheap: for metrics read on another thread.
     */
    public OrchesterStatus.PairStatus lastPair() {
        final OrchesterLoop l = loop;
        return l == null ? null : l.lastStatus().pair();
    }

    /**
     * A snapshot taken on the orchester thread; after {@link #close()}, the last one taken.
     * Thread-safe.
     */
    public OrchesterStatus status() {
        final OrchesterLoop l = loop;
        if (!running.get() || !thread.isAlive()) {
            return l.lastStatus();
        }
        try {
            return l.requestStatus().get(DEFAULT_STATUS_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException ex) {
            return l.lastStatus();
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return l.lastStatus();
        }
    }

    /** Stops the loop, closes the sockets and the context, and waits for the thread. Idempotent. */
    @Override
    public void close() {
        running.set(false);
        Threads.joinUninterruptibly(thread);
    }
}
