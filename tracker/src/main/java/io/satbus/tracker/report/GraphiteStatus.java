package io.satbus.tracker.report;

/**
 * How reporting to Graphite goes, for the health endpoint and for tests. Immutable.
 *
 * @param endpoint            carbon's plaintext endpoint, {@code host:port}
 * @param reportsSent         reports carbon accepted (connected, written, flushed)
 * @param reportsFailed       reports that failed (connect, write, or over the deadline)
 * @param consecutiveFailures failures since the last report that went through; 0 when healthy
 * @param lastSentAtMs        clock time of the last report that went through, or 0
 * @param lastError           why the last failed report failed, or null
 */
public record GraphiteStatus(String endpoint, long reportsSent, long reportsFailed, long consecutiveFailures,
                             long lastSentAtMs, String lastError) {
}
