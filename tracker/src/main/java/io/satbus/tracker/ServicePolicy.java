package io.satbus.tracker;

/**
 * Deadline and retries of one service, from the topology.
 *
 * @param metricName     the {@code <satellite>} part of its metric names
 * @param timeoutMs      deadline of one attempt, from the moment its worker is sent it
 * @param maxRetries     attempts after the first before the message is dead
 * @param retryBackoffMs delay between a failed attempt and the RETRY decision
 */
public record ServicePolicy(String metricName, long timeoutMs, int maxRetries, long retryBackoffMs) {
    public ServicePolicy {
        if (metricName == null || metricName.isEmpty()) {
            throw new IllegalArgumentException("metric name : \"" + metricName + "\" (expected: non-empty)");
        }
        if (timeoutMs < 1) {
            throw new IllegalArgumentException("timeout of " + metricName + " : " + timeoutMs + " ms (expected: >= 1 ms)");
        }
        if (maxRetries < 0) {
            throw new IllegalArgumentException("max_retries of " + metricName + " : " + maxRetries + " (expected: >= 0)");
        }
        if (retryBackoffMs < 0) {
            throw new IllegalArgumentException("retry_backoff of " + metricName + " : " + retryBackoffMs
                + " ms (expected: >= 0 ms)");
        }
    }

    /** A message may be attempted this many times. */
    public int maxAttempts() {
        return 1 + maxRetries;
    }
}
