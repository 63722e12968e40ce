package io.satbus.satellites.runtime;

import io.satbus.core.AgentRunner;
import io.satbus.core.Threads;
import io.satbus.core.topology.SatelliteSpec;
import io.satbus.core.topology.Topology;
import io.satbus.satellites.api.Satellite;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.ZContext;

/**
 * Runs one instance of one satellite on its own thread, which owns all of the instance's
 * sockets and calls every method of the satellite. See docs/protocol.md for the frames.
 *
 * <p>{@link #start} returns once the satellite is open and its sockets connect (ZeroMQ connects
 * in the background: an orchester that is not up yet is reached when it comes up). The
 * control methods ({@link #stop()}, {@link #close()}, {@link #kill()}) and {@link #stats()}
 * may be called from any thread; the first three wait for the runtime thread to end.
 */
public final class SatelliteRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SatelliteRuntime.class);
    private static final LongSupplier MONOTONIC_MS = () -> System.nanoTime() / 1_000_000;
    private static final LongSupplier EPOCH_MICROS = () -> {
        final Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000;
    };

    private final SatelliteAgent agent;
    private final SatelliteStats stats;
    private final String label;
    private final long stopGraceMs;
    private final CompletableFuture<Void> started = new CompletableFuture<>();
    private final Thread thread;
    private final LongAdder loopErrors = new LongAdder();

    private SatelliteRuntime(final SatelliteAgent agent, final SatelliteStats stats, final String label,
                             final long stopGraceMs) {
        this.agent = agent;
        this.stopGraceMs = stopGraceMs;
        this.stats = stats;
        this.label = label;
        this.thread = new Thread(this::run, "satbus-" + label.replace('.', '-'));
    }

    /** Starts instance {@code instance} of {@code spec} with the settings derived from the topology. */
    public static SatelliteRuntime start(final Topology topology, final SatelliteSpec spec, final int instance,
                                         final Satellite satellite, final Path baseDir) {
        return start(topology, spec, instance, satellite, baseDir, RuntimeSettings.forTopology(topology));
    }

    /**
     * Starts instance {@code instance} of {@code spec}.
     *
     * @throws IllegalStateException when the satellite's {@code open} fails (the cause says why)
     */
    public static SatelliteRuntime start(final Topology topology, final SatelliteSpec spec, final int instance,
                                         final Satellite satellite, final Path baseDir, final RuntimeSettings settings) {
        return start(topology, spec, instance, satellite, baseDir, settings, null);
    }

    /**
     * As {@link #start(Topology, SatelliteSpec, int, Satellite, Path, RuntimeSettings)}, with the
     * instance's sockets in {@code sharedContext} (null: a context of its own). Satellites of one
     * process that share a context share its I/O thread: fewer threads to wake per message. The
     * caller owns {@code sharedContext} and closes it after every runtime using it has ended.
     *
     * @throws IllegalStateException when the satellite's {@code open} fails (the cause says why)
     */
    public static SatelliteRuntime start(final Topology topology, final SatelliteSpec spec, final int instance,
                                         final Satellite satellite, final Path baseDir, final RuntimeSettings settings,
                                         final ZContext sharedContext) {
        Objects.requireNonNull(topology, "topology");
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(satellite, "satellite");
        Objects.requireNonNull(baseDir, "baseDir");
        Objects.requireNonNull(settings, "settings");
        if (instance < 0) {
            throw new IllegalArgumentException("instance : " + instance + " (expected: >= 0)");
        }
        final SatelliteStats stats = new SatelliteStats();
        final SatelliteAgent agent = new SatelliteAgent(topology, spec, instance, satellite, baseDir, settings, stats,
            MONOTONIC_MS, EPOCH_MICROS, sharedContext);
        final SatelliteRuntime runtime = new SatelliteRuntime(agent, stats, spec.name() + "." + instance,
            settings.stopGraceMs());
        runtime.thread.start();
        try {
            runtime.started.join();
        } catch (CompletionException e) {
            final Throwable cause = e.getCause();
            throw new IllegalStateException("satellites." + spec.name() + " instance " + instance + " : failed to start ("
                + cause.getMessage() + ")", cause);
        }
        return runtime;
    }

    /** Batches its link received into receive buffers; read after a stat that counts their messages. */
    long linkBuffersTaken() {
        return agent.linkBuffersTaken();
    }

    /** Batches its link sent from send buffers and JeroMQ has given back; read once they have arrived. */
    long linkSendBuffersGivenBack() {
        return agent.linkSendBuffersGivenBack();
    }

    /** Counters of this instance; thread-safe. */
    public SatelliteStats stats() {
        return stats;
    }

    /**
     * True when the instance has nothing left to do: a source has finished, no send waits for
     * its acknowledgement, no request is queued or being handled.
     */
    public boolean isDrained() {
        return (!agent.isSource() || stats.done()) && stats.outstanding() == 0 && stats.inProgress() == 0
            && stats.queued() == 0;
    }

    /** True while the runtime thread runs. */
    public boolean isRunning() {
        return thread.isAlive();
    }

    /**
     * Stops gracefully: sources stop producing, the worker says DISCONNECT (the orchester
     * re-dispatches what it still held), and the runtime waits for outstanding sends to be
     * acknowledged, up to the stop grace, before closing. Returns when the thread has ended.
     */
    public void stop() {
        agent.ask(Lifecycle.STOP, MONOTONIC_MS.getAsLong() + stopGraceMs);
        awaitEnd();
    }

    /** Closes at once: DISCONNECT, sockets and satellite closed, outstanding sends abandoned. */
    @Override
    public void close() {
        agent.ask(Lifecycle.CLOSE, 0);
        awaitEnd();
    }

    /**
     * Ends the thread and closes the sockets without a DISCONNECT, as a crashed process would:
     * for tests of the orchester's failure handling.
     */
    public void kill() {
        agent.ask(Lifecycle.KILL, 0);
        awaitEnd();
    }

    private void run() {
        try {
            agent.onStart(MONOTONIC_MS.getAsLong());
        } catch (Throwable t) {
            agent.onClose(false);
            started.completeExceptionally(t);
            return;
        }
        started.complete(null);
        try {
            AgentRunner.run(agent, this::keepGoing, MONOTONIC_MS, loopErrors);
        } catch (Throwable t) {
            LOG.error("{} runtime loop failed; closing", label, t);
        } finally {
            agent.onClose(agent.asked() != Lifecycle.KILL);
        }
    }

    /** False once a close was asked, or a stop whose sends settled or whose grace ran out. */
    private boolean keepGoing(final long nowMs) {
        final Lifecycle asked = agent.asked();
        if (asked.atLeast(Lifecycle.CLOSE)) {
            return false;
        }
        return asked != Lifecycle.STOP || !agent.sendsSettled() && nowMs < agent.stopDeadlineMs();
    }

    /** Exceptions that escaped a turn of the instance's loop, counted and gone past ({@link AgentRunner}). */
    public long loopErrors() {
        return loopErrors.sum();
    }

    private void awaitEnd() {
        Threads.joinUninterruptibly(thread);
    }

    @Override
    public String toString() {
        return "SatelliteRuntime[" + label + " " + stats + "]";
    }
}
