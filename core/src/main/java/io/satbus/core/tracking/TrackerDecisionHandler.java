package io.satbus.core.tracking;

/**
 * Receives the decisions of one frame decoded by {@link TrackerDecisionCodec#decode}, in order.
 * Each decision names the attempt it is about, so that the orchester can ignore one that the
 * events it sent meanwhile have made stale. Called on the decoding thread.
 */
public interface TrackerDecisionHandler {
    /** The attempt is past its deadline: fail it ("timeout") and free its worker's slot. */
    void onTimeout(long dispatchId, int attempt);

    /** Queue the failed message again, as attempt {@code attempt} (the failed one + 1). */
    void onRetry(long dispatchId, int attempt);

    /** Give the failed message up after {@code attempts} attempts: publish it as a dead letter. */
    void onDead(long dispatchId, int attempts);

    /**
     * The tracker never had this orchester's HELLO (it started, or restarted, after it): send
     * HELLO, every worker and every attempt in flight again. Ignored by default.
     */
    default void onResync() {
    }
}
