package io.satbus.orchester;

/**
 * Which worker of a service gets a dispatch: among those with room (in flight &lt; credit, no
 * suspect isolated), one that has not failed this message before, then the fewest in flight,
 * then the one given work least recently. A suspect goes only to a worker holding nothing
 * ({@link #chooseIdle}). Stateless.
 */
final class WorkerChoice {
    private WorkerChoice() {
    }

    /** The worker for {@code d}, or null when no worker of {@code s} has room. */
    static Worker choose(final Service s, final Dispatch d) {
        return pick(s, d, false);
    }

    /** The worker for suspect {@code d}: one holding nothing, by the same preferences; null when none is idle. */
    static Worker chooseIdle(final Service s, final Dispatch d) {
        return pick(s, d, true);
    }

    private static Worker pick(final Service s, final Dispatch d, final boolean idleOnly) {
        Worker best = null;
        boolean bestTried = true;
        for (final Worker w : s.workers) {
            if (idleOnly ? !w.idle() : !w.hasRoom()) {
                continue;
            }
            final boolean tried = !d.history.isEmpty() && d.triedBy(w);
            if (best == null || better(w, tried, best, bestTried)) {
                best = w;
                bestTried = tried;
            }
        }
        return best;
    }

    private static boolean better(final Worker w, final boolean tried, final Worker best, final boolean bestTried) {
        if (tried != bestTried) {
            return !tried;
        }
        if (w.inFlight.size() != best.inFlight.size()) {
            return w.inFlight.size() < best.inFlight.size();
        }
        return w.lastDispatchSeq < best.lastDispatchSeq;
    }
}
