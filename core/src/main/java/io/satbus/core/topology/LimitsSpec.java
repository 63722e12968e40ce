package io.satbus.core.topology;

/**
 * What one satellite's service accepts and how long its requests may wait: the per-service
 * bounds of the orchester (docs/topology.md, docs/operations.md "Bounds"). Immutable.
 *
 * @param maxMessageBytes largest request body the service accepts, in bytes; a larger one is dead
 *                        at entry ({@code max_message_size}); {@link #INHERIT}: the orchester's
 * @param queueTimeoutMs  longest one of its requests waits queued for a worker before it expires
 *                        ({@code queue_timeout}); 0: never; {@link #INHERIT}: the tracker's
 */
public record LimitsSpec(long maxMessageBytes, long queueTimeoutMs) {
    /** Not written for the satellite: the topology-wide value applies. */
    public static final long INHERIT = -1;
    private static final LimitsSpec DEFAULTS = new LimitsSpec(INHERIT, INHERIT);

    public LimitsSpec {
        if (maxMessageBytes != INHERIT && maxMessageBytes < 1) {
            throw new IllegalArgumentException("max_message_size : " + maxMessageBytes + " (expected: >= 1)");
        }
        if (queueTimeoutMs != INHERIT && queueTimeoutMs < 0) {
            throw new IllegalArgumentException("queue_timeout : " + queueTimeoutMs + " ms (expected: >= 0)");
        }
    }

    /** Both inherited. */
    public static LimitsSpec defaults() {
        return DEFAULTS;
    }
}
