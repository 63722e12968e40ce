package io.satbus.tracker;

import io.satbus.core.tracking.Outcomes;
import io.satbus.core.tracking.TrackerDecisionHandler;

/**
 * The per-message state machine ({@link DispatchState}): applies the orchester's events to the
 * records of a {@link DispatchTable}, keeps each attempt's deadline on a {@link DeadlineWheel},
 * and emits decisions (TIMEOUT, RETRY, DEAD) to a {@link TrackerDecisionHandler}.
 *
 * <p>The orchester is the authority on what happened: a deadline only asks it to fail the attempt
 * (TIMEOUT), and the failure counts when its FAILED event comes back. A decision that crossed an
 * event on the link (a TIMEOUT for an attempt that was answered meanwhile) is ignored by the
 * orchester, so the two never disagree on a message's fate. A TIMEOUT re-arms the deadline, so a
 * lost one is asked again.
 *
 * <p>Every method takes the tracker's clock ({@code nowNanos}, monotonic); tests drive it with a
 * simulated clock. Owned by the tracker thread. NOT thread safe.
 */
final class DispatchFsm {
    private final DispatchTable table;
    private final DeadlineWheel wheel;
    private final Services services;
    private final Workers workers;
    private final FailureLog failures;
    private final RoleMetrics role;
    private final TrackerDecisionHandler decisions;
    private final DeadlineWheel.Handler onDeadline = this::onDeadline;
    private final int deadlinesPerRound;

    DispatchFsm(final long startNanos, final int initialCapacity, final int deadlinesPerRound, final Services services,
                final Workers workers, final FailureLog failures, final RoleMetrics role,
                final TrackerDecisionHandler decisions) {
        this.table = new DispatchTable(initialCapacity);
        this.wheel = new DeadlineWheel(startNanos, TrackerConfig.DEFAULT_TICK_NANOS,
            TrackerConfig.DEFAULT_TICKS_PER_WHEEL, table.capacity());
        this.services = services;
        this.workers = workers;
        this.failures = failures;
        this.role = role;
        this.decisions = decisions;
        this.deadlinesPerRound = deadlinesPerRound;
    }

    /** Attempt {@code attempt} was sent to {@code worker}: DISPATCHED, deadline armed. Null if ignored. */
    DispatchState dispatched(final long dispatchId, final int attempt, final int worker, final long nowNanos) {
        final Workers.Entry w = workers.get(worker);
        if (w == null) {
            role.unknown.inc();
            return null;
        }
        int slot = table.find(dispatchId);
        if (slot < 0) {
            slot = table.add(dispatchId, w.service);
            wheel.ensureCapacity(table.capacity());
            role.tracked.set(table.size());
        } else if (table.worker(slot) != DispatchTable.NO_WORKER) {
            leaveWorker(slot); // out of step: the orchester knows best, the new attempt replaces the old
        }
        final Services.Entry s = services.get(table.service(slot));
        table.state(slot, DispatchState.DISPATCHED);
        table.attempt(slot, attempt);
        table.worker(slot, worker);
        table.sentAtNanos(slot, nowNanos);
        wheel.schedule(slot, nowNanos + s.timeoutNanos);
        s.metrics.dispatched.inc();
        s.metrics.inFlight.add(1);
        if (w.metrics != null) {
            w.metrics.dispatched.inc();
            w.metrics.inFlight.add(1);
        }
        return DispatchState.DISPATCHED;
    }

    /** The attempt was answered: DONE, and the message is forgotten. Null if it was not in flight. */
    DispatchState replied(final long dispatchId, final int attempt, final long nowNanos) {
        final int slot = inFlight(dispatchId, attempt);
        if (slot < 0) {
            return null;
        }
        wheel.cancel(slot);
        final long latencyNanos = nowNanos - table.sentAtNanos(slot);
        final Services.Entry s = services.get(table.service(slot));
        s.metrics.done.inc();
        s.metrics.latency(latencyNanos);
        final Workers.Entry w = workers.get(table.worker(slot));
        if (w != null && w.metrics != null) {
            w.metrics.done.inc();
            w.metrics.latency(latencyNanos);
        }
        leaveWorker(slot);
        if (attempt > 1) {
            failures.forget(dispatchId);
        }
        release(slot);
        return DispatchState.DONE;
    }

    /**
     * The attempt failed (error reply, timeout or worker lost): FAILED_ATTEMPT, then at once or
     * after the backoff DISPATCHED again with a RETRY decision, or DEAD when no attempt is left.
     * Returns the state it is left in; null if the attempt was not in flight.
     */
    DispatchState failed(final long dispatchId, final int attempt, final long atMs, final String outcome,
                         final long nowNanos) {
        final int slot = inFlight(dispatchId, attempt);
        if (slot < 0) {
            return null;
        }
        wheel.cancel(slot);
        final Services.Entry s = services.get(table.service(slot));
        final Workers.Entry w = workers.get(table.worker(slot));
        s.metrics.failed(outcome);
        if (w != null && w.metrics != null) {
            w.metrics.failed(outcome);
        }
        failures.add(dispatchId, w == null ? new Failure("", "", -1, atMs, outcome)
            : new Failure(w.identityHex, w.satellite, w.instance, atMs, outcome));
        leaveWorker(slot);
        table.state(slot, DispatchState.FAILED_ATTEMPT);
        if (attempt >= s.policy.maxAttempts()) {
            s.metrics.dead.inc();
            role.dead.inc();
            decide();
            decisions.onDead(dispatchId, attempt);
            failures.dead(s.name, dispatchId, attempt, atMs);
            release(slot);
            return DispatchState.DEAD;
        }
        if (s.backoffNanos > 0) {
            wheel.schedule(slot, nowNanos + s.backoffNanos);
            return DispatchState.FAILED_ATTEMPT;
        }
        retry(slot, s);
        return DispatchState.DISPATCHED;
    }

    /**
     * The attempt's worker was lost while it held other requests too (poison isolation): the
     * attempt is not charged; it leaves the worker, its deadline is cancelled, and it waits, still
     * DISPATCHED, for the orchester to send the same attempt again (its DISPATCHED event). Returns
     * false if the attempt was not in flight.
     */
    boolean suspected(final long dispatchId, final int attempt) {
        final int slot = inFlight(dispatchId, attempt);
        if (slot < 0) {
            return false;
        }
        wheel.cancel(slot);
        services.get(table.service(slot)).metrics.suspects.inc();
        final Workers.Entry w = workers.get(table.worker(slot));
        if (w != null && w.metrics != null) {
            w.metrics.suspects.inc();
        }
        leaveWorker(slot);
        return true;
    }

    /**
     * The orchester gave the message up itself (it expired queued, or was too large): DEAD,
     * counted as such and by {@code outcome}, whether the tracker followed it or never saw it
     * dispatched, so that the tracker's dead count is the orchester's.
     */
    DispatchState gaveUp(final long dispatchId, final int attempts, final long atMs, final String outcome,
                         final int service) {
        final int slot = table.find(dispatchId);
        if (slot >= 0) {
            wheel.cancel(slot);
            if (table.worker(slot) != DispatchTable.NO_WORKER) {
                leaveWorker(slot);
            }
        }
        final Services.Entry s = services.get(service);
        s.metrics.dead.inc();
        role.dead.inc();
        if (Outcomes.isExpired(outcome)) {
            s.metrics.expired.inc();
        } else if (Outcomes.isTooLarge(outcome)) {
            s.metrics.tooLarge.inc();
        }
        failures.add(dispatchId, new Failure("", "", -1, atMs, outcome));
        failures.dead(s.name, dispatchId, attempts, atMs);
        if (slot >= 0) {
            release(slot);
        }
        return DispatchState.DEAD;
    }

    /** The worker is still on it: the deadline starts over. Returns false if the attempt was not in flight. */
    boolean progress(final long dispatchId, final int attempt, final long nowNanos) {
        final int slot = inFlight(dispatchId, attempt);
        if (slot < 0) {
            return false;
        }
        final Services.Entry s = services.get(table.service(slot));
        wheel.schedule(slot, nowNanos + s.timeoutNanos);
        s.metrics.progress.inc();
        final Workers.Entry w = workers.get(table.worker(slot));
        if (w != null && w.metrics != null) {
            w.metrics.progress.inc();
        }
        return true;
    }

    /** A reply the orchester dropped: its attempt was already done, failed or retried. */
    void lateReply(final int worker) {
        final Workers.Entry w = workers.get(worker);
        if (w == null) {
            role.unknown.inc();
            return;
        }
        services.get(w.service).metrics.lateReplies.inc();
        if (w.metrics != null) {
            w.metrics.lateReplies.inc();
        }
    }

    /** Fires due deadlines and backoffs, at most a round's worth; returns how many. */
    int poll(final long nowNanos) {
        return wheel.poll(nowNanos, onDeadline, deadlinesPerRound);
    }

    /** The state of {@code dispatchId}, or null when it is not tracked (never seen, DONE or DEAD). */
    DispatchState state(final long dispatchId) {
        final int slot = table.find(dispatchId);
        return slot < 0 ? null : table.state(slot);
    }

    /** The current attempt of {@code dispatchId}, or 0 when it is not tracked. */
    int attempt(final long dispatchId) {
        final int slot = table.find(dispatchId);
        return slot < 0 ? 0 : table.attempt(slot);
    }

    /** Messages tracked. */
    int size() {
        return table.size();
    }

    /** Forgets every message (a new orchester said HELLO). */
    void clear() {
        for (int slot = 0; slot < table.capacity(); slot++) {
            wheel.cancel(slot);
        }
        table.clear();
        failures.clear();
        role.tracked.set(0);
    }

    /** Bytes held by the table and the wheel, for the memory figures. */
    long footprintBytes() {
        return table.footprintBytes() + wheel.footprintBytes();
    }

    private void onDeadline(final int slot, final long nowNanos) {
        final Services.Entry s = services.get(table.service(slot));
        if (table.state(slot) == DispatchState.FAILED_ATTEMPT) {
            retry(slot, s);
            return;
        }
        // DISPATCHED on a worker, past its deadline: ask the orchester to fail it, and ask again
        // a timeout later if neither its FAILED nor its REPLIED event has come back by then.
        wheel.schedule(slot, nowNanos + s.timeoutNanos);
        decide();
        decisions.onTimeout(table.id(slot), table.attempt(slot));
    }

    private void retry(final int slot, final Services.Entry s) {
        final int attempt = table.attempt(slot) + 1;
        table.attempt(slot, attempt);
        table.state(slot, DispatchState.DISPATCHED);
        table.worker(slot, DispatchTable.NO_WORKER);
        s.metrics.retries.inc();
        decide();
        decisions.onRetry(table.id(slot), attempt);
    }

    /** The slot of a message whose attempt {@code attempt} is on a worker now, else -1 (counted as unknown). */
    private int inFlight(final long dispatchId, final int attempt) {
        final int slot = table.find(dispatchId);
        if (slot < 0 || table.attempt(slot) != attempt || table.worker(slot) == DispatchTable.NO_WORKER
            || table.state(slot) != DispatchState.DISPATCHED) {
            role.unknown.inc();
            return -1;
        }
        return slot;
    }

    private void leaveWorker(final int slot) {
        services.get(table.service(slot)).metrics.inFlight.add(-1);
        final Workers.Entry w = workers.get(table.worker(slot));
        if (w != null && w.metrics != null) {
            w.metrics.inFlight.add(-1);
        }
        table.worker(slot, DispatchTable.NO_WORKER);
    }

    private void release(final int slot) {
        table.remove(slot);
        role.tracked.set(table.size());
    }

    private void decide() {
        role.decisions.inc();
    }
}
