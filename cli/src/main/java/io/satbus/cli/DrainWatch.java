package io.satbus.cli;

/**
 * When {@code satbus run --until-drained} ends, from the snapshots it takes every poll: each
 * verdict must be seen on two snapshots in a row, since one may catch a report in passing.
 *
 * <ul>
 *   <li>{@link Verdict#STUCK}: a child that cannot start, or a satellite flapping with no instance
 *       up, keeps the run from ever draining ({@link RunSnapshot#stuckReason()}).</li>
 *   <li>{@link Verdict#DRAINED}: every source done, every message handled.</li>
 *   <li>{@link Verdict#ONLY_STRAYS}: only requests for a service nobody serves are left.</li>
 * </ul>
 * Owned by the command's thread.
 */
final class DrainWatch {
    enum Verdict { DRAINED, ONLY_STRAYS, STUCK }

    private int drainedSeen;
    private int straysSeen;
    private int stuckSeen;
    private String stuckReason;

    /** The verdict once {@code s} confirms the previous snapshot's, else null: the run goes on. */
    Verdict observe(final RunSnapshot s) {
        drainedSeen = s.drained() ? drainedSeen + 1 : 0;
        straysSeen = s.onlyStraysLeft() ? straysSeen + 1 : 0;
        stuckReason = s.stuckReason();
        stuckSeen = stuckReason != null ? stuckSeen + 1 : 0;
        // A child that cannot work is reported even when nothing waits on it: a subscriber missed its messages.
        if (stuckSeen >= 2) {
            return Verdict.STUCK;
        }
        if (drainedSeen >= 2) {
            return Verdict.DRAINED;
        }
        return straysSeen >= 2 ? Verdict.ONLY_STRAYS : null;
    }

    /** Why the run is {@link Verdict#STUCK}, as the last snapshot said. */
    String stuckReason() {
        return stuckReason;
    }
}
