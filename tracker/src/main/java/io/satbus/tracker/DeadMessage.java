package io.satbus.tracker;

import java.util.List;

/**
 * A message given up: what {@code status} shows of the last dead messages.
 *
 * @param service    the service it was for
 * @param dispatchId the orchester's dispatch id
 * @param attempts   attempts made
 * @param atMs       orchester clock when its last attempt failed, ms since the Unix epoch
 * @param history    one entry per failed attempt, oldest first
 */
public record DeadMessage(String service, long dispatchId, int attempts, long atMs, List<Failure> history) {
    public DeadMessage {
        history = List.copyOf(history);
    }
}
