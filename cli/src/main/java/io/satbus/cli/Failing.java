package io.satbus.cli;

import io.satbus.supervisor.SupervisorStatus.InstanceStatus;
import java.util.Comparator;
import java.util.List;

/**
 * A child of a run that is failing, said in one line for the live view, the progress line and
 * {@code satbus status}: which instance, its state, and its last error (not a trace).
 *
 * <pre>
 * upper.0 FLAPPING after 5 restarts: exit 1: ModuleNotFoundError: No module named 'msgpack'
 * orchester cannot start (3 tries): exit 2: service_port : 127.0.0.1:6396 is already in use
 * </pre>
 *
 * @param instance  the instance, {@code upper.0}, or {@code orchester}
 * @param state     its supervisor state (RUNNING, BACKOFF, FLAPPING, ...)
 * @param restarts  its restarts after unexpected exits
 * @param tries     processes in a row that ended before their first report
 * @param lastError why its last process exited or could not start ({@link InstanceStatus#lastError()})
 * @param stuck     the run cannot make progress because of it: no instance of its satellite is up and
 *                  one of them is flapping or cannot start; for the orchester, it cannot start; or it
 *                  ended while the run stopped (EXITED), and the run cannot drain
 */
record Failing(String instance, String state, long restarts, int tries, String lastError, boolean stuck) {
    /** How long after a restart an instance that is up again still shows why it exited. */
    static final long RECENT_MS = 30_000;

    /** True when it ended while the run stopped: the run cannot drain, rather than cannot make progress. */
    boolean exited() {
        return "EXITED".equals(state);
    }

    /** One line: the instance, its state and its last error. */
    String describe() {
        final String what = "EXITED".equals(state) ? "ended while the run stopped"
            : tries >= InstanceStatus.CANNOT_START ? "cannot start (" + tries + " tries)"
            : "FLAPPING".equals(state) ? "FLAPPING after " + restarts + " restarts"
            : "RUNNING".equals(state) ? "restarted (" + restarts + ")" : state + " after " + restarts + " restarts";
        return instance + " " + what + ": " + lastError;
    }

    /**
     * The failing instance of one satellite that says most, or null when none fails: one that
     * cannot start, else one flapping, else one waiting to restart, else one restarted within
     * {@link #RECENT_MS} of {@code atMs}.
     */
    static Failing of(final int wanted, final List<InstanceStatus> instances, final long atMs) {
        final InstanceStatus worst = instances.stream().filter(i -> i.lastError() != null && failing(i, atMs))
            .max(Comparator.comparingInt(Failing::weight)).orElse(null);
        if (worst == null) {
            return null;
        }
        final boolean noneUp = instances.stream().noneMatch(InstanceStatus::up);
        final boolean stuck = worst.exited() || wanted > 0 && noneUp && (worst.cannotStart() || worst.flapping());
        return new Failing(worst.label(), worst.state(), worst.restarts(), worst.failedStarts(), worst.lastError(), stuck);
    }

    /** The orchester's process, failing or not (null); the bus is stuck while it cannot start. */
    static Failing ofOrchester(final InstanceStatus orchester, final long atMs) {
        if (orchester == null || orchester.lastError() == null || !failing(orchester, atMs)) {
            return null;
        }
        return new Failing(orchester.label(), orchester.state(), orchester.restarts(), orchester.failedStarts(),
            orchester.lastError(), orchester.cannotStart() || orchester.exited());
    }

    private static boolean failing(final InstanceStatus i, final long atMs) {
        if (i.exited() || i.cannotStart() || "BACKOFF".equals(i.state()) || i.flapping()) {
            return true;
        }
        final List<Long> restarts = i.restartAtMs();
        return i.up() && restarts != null && !restarts.isEmpty() && atMs - restarts.get(restarts.size() - 1) < RECENT_MS;
    }

    private static int weight(final InstanceStatus i) {
        return i.exited() ? 4 : i.cannotStart() ? 3 : i.flapping() ? 2 : "BACKOFF".equals(i.state()) ? 1 : 0;
    }
}
