package io.satbus.supervisor;

import io.satbus.supervisor.SupervisorStatus.Counts;
import java.util.HashMap;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * What the processes of each instance slot (a satellite and an instance number) reported, kept
 * for the whole run: nothing a process reported vanishes when it exits, is killed or its slot is
 * scaled away, and nothing is counted twice when the slot's next process reports again.
 *
 * <p>A report is one of two kinds ({@link ChildReport#cumulative()}):
 * <ul>
 *   <li><b>cumulative</b> (a Java child with a state directory): its counters already include
 *       every earlier process of the slot, so the slot's last such report stands for them all;
 *       a newer one replaces it, never adds to it;
 *   <li><b>per process</b> (a command satellite): its counters start at its process's start, so
 *       the last reports of the slot's ended processes are summed.
 * </ul>
 * A slot's share is then: the summed per-process reports of its ended processes, plus its last
 * cumulative report, plus its current process's report when that is per process. The
 * supervisor publishes the part that its instances' current reports do not carry
 * ({@link #notCarried}), as {@link SupervisorStatus#ended()}.
 *
 * <p>NOT thread safe: the supervisor's loop owns it.
 */
final class SlotLedger {
    private final Map<String, Map<Integer, Slot>> slots = new HashMap<>();

    /** One slot's kept counts. */
    private static final class Slot {
        /** Summed last reports of ended processes that reported per process. */
        private Counts ended = Counts.NONE;
        /** The slot's latest cumulative report, from its current or an ended process; or null. */
        private ChildReport cumulative;
    }

    /** The current process of slot {@code satellite}.{@code number} reports {@code r} (null: nothing yet). */
    void reported(final String satellite, final int number, final ChildReport r) {
        if (r != null && r.cumulative()) {
            slot(satellite, number).cumulative = r;
        }
    }

    /**
     * The process of slot {@code satellite}.{@code number} has exited; {@code last} is the last
     * report it printed, or null when it printed none (its slot keeps what it had).
     */
    void exited(final String satellite, final int number, final ChildReport last) {
        if (last == null) {
            return;
        }
        final Slot s = slot(satellite, number);
        if (last.cumulative()) {
            s.cumulative = last;
        } else {
            s.ended = s.ended.plus(Counts.of(last));
        }
    }

    /**
     * What {@code satellite}'s slots hold that their current reports do not carry: the ended
     * per-process reports, and each last cumulative report whose slot has no cumulative current
     * report (its process exited, has not reported yet, or the slot was scaled away).
     *
     * @param current the current report of each instance number, or null for none
     * @return the counts, {@link Counts#NONE} when there are none
     */
    Counts notCarried(final String satellite, final IntFunction<ChildReport> current) {
        Counts sum = Counts.NONE;
        for (Map.Entry<Integer, Slot> e : slots.getOrDefault(satellite, Map.of()).entrySet()) {
            final Slot s = e.getValue();
            sum = sum.plus(s.ended);
            final ChildReport now = current.apply(e.getKey());
            if (s.cumulative != null && (now == null || !now.cumulative())) {
                sum = sum.plus(Counts.of(s.cumulative));
            }
        }
        return sum;
    }

    /**
     * {@code satellite}'s counts over the run: its instances' current reports plus what they do
     * not carry ({@link #notCarried}).
     *
     * @param current the current report of each instance number that has one
     */
    Counts total(final String satellite, final Map<Integer, ChildReport> current) {
        Counts sum = notCarried(satellite, current::get);
        for (ChildReport r : current.values()) {
            sum = sum.plus(Counts.of(r));
        }
        return sum;
    }

    private Slot slot(final String satellite, final int number) {
        return slots.computeIfAbsent(satellite, k -> new HashMap<>()).computeIfAbsent(number, k -> new Slot());
    }
}
