package io.satbus.orchester;

import io.satbus.core.Liveness;
import io.satbus.core.Threads;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Acts once when a loop can no longer go on: it died of an exception, or it has not begun a
 * round for longer than its {@link Liveness#stallBoundMs() bound} (a wedged round, a thread
 * that is gone). It logs one line saying which and how long, then the stack of the loop's
 * thread, then calls its action; the orchester process's action ends the process with a
 * non-zero code so that its supervisor starts a new one ({@code docs/operations.md}).
 *
 * <p>A watchdog that was itself not running for half a bound (the whole process was paused:
 * stopped by a signal, swapped out, starved by the machine) cannot tell a stuck loop from a
 * paused one, so it gives the loop a fresh bound from the moment it runs again rather than
 * blaming it for the pause.
 *
 * <p>{@link #check(long)} takes the time and is NOT thread safe: the watchdog's own thread calls
 * it, or a test with its own clock. {@link #start} runs it on a daemon thread every quarter bound.
 */
public final class LoopWatchdog implements AutoCloseable {
    /** Checks per bound: a stall is acted on at most a quarter bound after the bound ran out. */
    static final int CHECKS_PER_BOUND = 4;
    private static final Logger LOG = LoggerFactory.getLogger(LoopWatchdog.class);

    private final Liveness liveness;
    private final String what;
    private final Thread watched;
    private final Consumer<String> action;
    private final CountDownLatch closed = new CountDownLatch(1);
    private Thread thread;
    private long lastCheckMs;
    private long freshBoundFromMs;
    private boolean fired;

    /**
     * @param what    the loop as the log line names it ({@code orchester hello routing loop})
     * @param watched the loop's thread, whose stack is logged when the watchdog acts; may be null
     * @param action  called once, on the watchdog's thread, with the line logged
     */
    LoopWatchdog(final Liveness liveness, final String what, final Thread watched, final long nowMs,
                 final Consumer<String> action) {
        this.liveness = Objects.requireNonNull(liveness, "liveness");
        this.what = Objects.requireNonNull(what, "what");
        this.watched = watched;
        this.action = Objects.requireNonNull(action, "action");
        this.lastCheckMs = nowMs;
        this.freshBoundFromMs = nowMs;
    }

    /** A watchdog on its own daemon thread, checking every quarter bound by {@code clockMs} until closed. */
    static LoopWatchdog start(final Liveness liveness, final String what, final Thread watched,
                              final LongSupplier clockMs, final Consumer<String> action) {
        final LoopWatchdog w = new LoopWatchdog(liveness, what, watched, clockMs.getAsLong(), action);
        final long intervalMs = Math.max(1, liveness.stallBoundMs() / CHECKS_PER_BOUND);
        w.thread = new Thread(() -> w.run(clockMs, intervalMs), "satbus-watchdog");
        w.thread.setDaemon(true);
        w.thread.start();
        return w;
    }

    private void run(final LongSupplier clockMs, final long intervalMs) {
        try {
            while (!closed.await(intervalMs, TimeUnit.MILLISECONDS)) {
                if (check(clockMs.getAsLong()) != null) {
                    return;
                }
            }
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Looks at the loop at {@code nowMs}: when it died or has stalled, logs, calls the action and
     * returns the line logged; else returns null. Acts at most once.
     */
    String check(final long nowMs) {
        if (fired) {
            return null;
        }
        final long boundMs = liveness.stallBoundMs();
        if (nowMs - lastCheckMs > boundMs / 2) {
            freshBoundFromMs = nowMs;
        }
        lastCheckMs = nowMs;
        final String death = liveness.death();
        final String line;
        if (death != null && !"stopped".equals(death)) {
            line = what + " died (" + death + ")";
        } else if (death == null && nowMs - Math.max(liveness.lastTurnMs(), freshBoundFromMs) > boundMs) {
            line = what + " has not turned for " + (nowMs - liveness.lastTurnMs()) + " ms (bound " + boundMs + " ms)";
        } else {
            return null;
        }
        fired = true;
        LOG.error("{}", line);
        if (watched != null && watched.isAlive()) {
            final Throwable where = new Throwable("stack of " + watched.getName() + " (not an error of its own)");
            where.setStackTrace(watched.getStackTrace());
            LOG.error("{} was here", watched.getName(), where);
        }
        action.accept(line);
        return line;
    }

    /** Stops checking (an orderly stop of the loop is not a stall); idempotent. */
    @Override
    public void close() {
        closed.countDown();
        if (thread != null) {
            Threads.joinUninterruptibly(thread);
        }
    }
}
