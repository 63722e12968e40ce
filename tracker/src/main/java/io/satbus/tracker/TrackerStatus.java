package io.satbus.tracker;

import java.util.List;

/**
 * What {@code status} shows of a tracker. Immutable and thread-safe.
 *
 * @param topology   topology name
 * @param inFlight   messages tracked now (DISPATCHED or FAILED_ATTEMPT)
 * @param dead       messages given up since start, over all services
 * @param recentDead the last dead messages with their history, oldest first
 */
public record TrackerStatus(String topology, long inFlight, long dead, List<DeadMessage> recentDead) {
    public TrackerStatus {
        recentDead = List.copyOf(recentDead);
    }
}
