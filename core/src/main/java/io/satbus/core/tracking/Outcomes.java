package io.satbus.core.tracking;

/**
 * The outcome of a failed attempt, one spelling everywhere: link events, dead-letter history,
 * the tracker's recent failures and metrics.
 */
public final class Outcomes {
    /** The worker held the attempt past its deadline. */
    public static final String TIMEOUT = "timeout";
    /** The worker was declared dead, sent DISCONNECT, or was disconnected while holding the attempt. */
    public static final String WORKER_LOST = "worker lost";
    /** Prefix of the outcome of a request that waited queued past its service's queue_timeout. */
    public static final String EXPIRED_PREFIX = "expired: ";
    /** Prefix of the outcome of a request larger than its service's max_message_size. */
    public static final String TOO_LARGE_PREFIX = "refused: too large: ";
    /** Prefix of an error reply's outcome: {@code "error: " + text}. */
    public static final String ERROR_PREFIX = "error: ";

    private Outcomes() {
    }

    /** {@code "error: " + text}. */
    public static String error(final String text) {
        return ERROR_PREFIX + text;
    }

    public static boolean isExpired(final String outcome) {
        return outcome.startsWith(EXPIRED_PREFIX);
    }

    public static boolean isTooLarge(final String outcome) {
        return outcome.startsWith(TOO_LARGE_PREFIX);
    }

    public static boolean isError(final String outcome) {
        return outcome.startsWith(ERROR_PREFIX);
    }
}
