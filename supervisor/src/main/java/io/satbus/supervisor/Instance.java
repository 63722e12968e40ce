package io.satbus.supervisor;

import io.satbus.core.topology.SupervisorSpec;
import java.util.ArrayDeque;
import java.util.ArrayList;

/**
 * One slot the supervisor keeps filled: a satellite instance, or the orchester. Holds the
 * current child, the restart policy and what the status shows. NOT thread safe: the
 * supervisor's loop owns it.
 */
final class Instance {
    /**
     * RUNNING; BACKOFF (waiting to restart); FLAPPING (held off); STOPPING (asked to); STOPPED; EXITED:
     * ended on its own while the run was stopping, not restarted, and not cleanly (see
     * {@link Supervisor}): what it held is not accounted for.
     */
    enum State { RUNNING, BACKOFF, FLAPPING, STOPPING, STOPPED, EXITED }

    private static final int KEPT_RESTART_TIMES = 16;

    final String satellite;
    final int number;
    final String label;
    final RestartPolicy policy;
    private final ArrayDeque<Long> restartAtMs = new ArrayDeque<>();
    Child child;
    /** The child has exited and its counters moved to the supervisor's {@code ended} totals. */
    boolean childEnded;
    State state = State.STOPPED;
    long nextStartMs;
    long restarts;
    Integer lastExit;
    /** Why its last process exited unexpectedly or could not start, in one line ({@link Child#exitReason()}), or null. */
    String lastError;
    /** Processes in a row that ended, or could not start, before their first report: it cannot start. */
    int failedStarts;
    /** Start it again once it has stopped: it was wanted again while it drained. */
    boolean relaunch;

    /** The number of the orchester's backup (of a pair); the orchester itself, or its primary, is 0. */
    static final int BACKUP = 1;

    /** @param satellite satellite name, or null for the orchester ({@code number} 0) or its backup ({@link #BACKUP}) */
    Instance(final String satellite, final int number, final SupervisorSpec spec) {
        this(satellite, number, spec, false);
    }

    /**
     * @param pairMember an orchester of a pair: restarted as a satellite is, held off when it
     *                   flaps, since the other orchester of the pair carries the bus meanwhile
     *                   (a single orchester is never held off: without it there is no bus)
     */
    Instance(final String satellite, final int number, final SupervisorSpec spec, final boolean pairMember) {
        this.satellite = satellite;
        this.number = number;
        this.label = satellite == null ? (number == BACKUP ? "orchester-backup" : "orchester") : satellite + "." + number;
        this.policy = satellite == null && !pairMember ? RestartPolicy.forOrchester(spec) : new RestartPolicy(spec);
    }

    void restarted(final long epochMs) {
        restarts++;
        restartAtMs.addLast(epochMs);
        if (restartAtMs.size() > KEPT_RESTART_TIMES) {
            restartAtMs.removeFirst();
        }
    }

    boolean stoppingOrStopped() {
        return state == State.STOPPING || state == State.STOPPED || state == State.EXITED;
    }

    /** The current child's latest report; null before its first, and once it has exited. */
    ChildReport currentReport() {
        return child == null || childEnded ? null : child.report();
    }

    /** Its status, with {@code report} (read once by the caller with {@link #currentReport()}). */
    SupervisorStatus.InstanceStatus status(final ChildReport report) {
        return new SupervisorStatus.InstanceStatus(satellite == null ? "" : satellite, number, state.name(),
            child == null ? 0 : child.pid(), restarts, policy.flaps(), new ArrayList<>(restartAtMs), lastExit, report,
            lastError, failedStarts);
    }
}
