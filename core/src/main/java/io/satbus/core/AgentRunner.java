package io.satbus.core;

import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongPredicate;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one loop every role runs ({@link Agent}): {@code doWork(now)}, and {@code idle(now)} when it
 * did nothing, for as long as {@code keepGoing(now)} says.
 *
 * <p>An exception that escapes {@code doWork} (one outside the per-message handling, which
 * catches its own) is counted and logged, and the loop goes on: one bad turn must not stop a
 * role that holds everybody's messages. It is logged with its stack trace at the 1st, 2nd, 4th,
 * 8th... occurrence, so that a fault that repeats every turn cannot flood the log. An
 * {@link Error} (out of memory, a stack overflow) is not caught: it reaches the thread's
 * uncaught-exception handler, which in a satbus process ends the process, for its supervisor to
 * start a new one.
 *
 * <p>Runs on the caller's thread; the agent's state is that thread's.
 */
public final class AgentRunner {
    private static final Logger LOG = LoggerFactory.getLogger(AgentRunner.class);

    private AgentRunner() {
    }

    /**
     * Runs {@code agent} until {@code keepGoing} says false for the time of a turn.
     *
     * @param errors counts the exceptions that escaped {@code doWork}
     */
    public static void run(final Agent agent, final LongPredicate keepGoing, final LongSupplier clockMs,
                           final LongAdder errors) {
        long failures = 0;
        long nowMs = clockMs.getAsLong();
        while (keepGoing.test(nowMs)) {
            try {
                if (agent.doWork(nowMs) == 0) {
                    agent.idle(nowMs);
                }
            } catch (RuntimeException ex) {
                errors.increment();
                failures++;
                if (RareLog.due(failures)) {
                    LOG.error("{} : unexpected {} in its loop ({} so far; " + RareLog.SUFFIX + "); going on",
                        agent.roleName(), ex, failures, ex);
                }
            }
            nowMs = clockMs.getAsLong();
        }
    }
}
