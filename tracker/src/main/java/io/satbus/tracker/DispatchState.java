package io.satbus.tracker;

/**
 * Where one dispatched message stands (docs/protocol.md section 6, design.md "Tracker FSM").
 *
 * <pre>
 *             reply                         error reply, worker lost, deadline
 *   DONE &lt;------------ DISPATCHED ----------------------------------&gt; FAILED_ATTEMPT
 *                        ^                                                 |
 *                        |   attempts left: RETRY after the backoff        |
 *                        +-------------------------------------------------+
 *                                           no attempt left               |
 *                                      DEAD &lt;-----------------------------+
 * </pre>
 * DONE and DEAD are final: the tracker forgets the message when it gets there. A message is
 * DISPATCHED from the RETRY decision on, while the orchester queues it for its next worker; its
 * deadline runs from the moment that worker is sent the attempt.
 */
enum DispatchState {
    DISPATCHED,
    DONE,
    FAILED_ATTEMPT,
    DEAD;

    private static final DispatchState[] ALL = values();

    static DispatchState of(final byte ordinal) {
        return ALL[ordinal];
    }
}
