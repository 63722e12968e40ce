package io.satbus.orchester;

/**
 * Decides what happens to a message whose attempt failed (error reply, malformed reply, or
 * worker lost). Narrow on purpose: the tracker will provide its own (deadlines, backoff).
 * Called on the orchester thread only.
 */
interface RetryPolicy {
    enum Decision { RETRY, DEAD }

    /**
     * @param service the message's service
     * @param attempt the number of the attempt that just failed, 1 for the first
     */
    Decision onFailedAttempt(String service, int attempt);

    /** A message may be attempted {@code 1 + max_retries} times, max_retries taken per service from the config. */
    static RetryPolicy maxRetries(final OrchesterConfig config) {
        return (service, attempt) -> attempt <= config.maxRetries(service) ? Decision.RETRY : Decision.DEAD;
    }
}
