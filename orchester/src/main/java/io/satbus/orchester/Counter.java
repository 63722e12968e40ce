package io.satbus.orchester;

/**
 * What the orchester counts, per service and in total. One name per concept: the JSON field
 * of the admin status is {@link #jsonName()}.
 */
enum Counter {
    /** Client requests accepted for the service (queued or dispatched at once). */
    REQUESTS("requests"),
    /** Attempts sent to a worker (the first and every retry). */
    DISPATCHED("dispatched"),
    /** Replies forwarded to the client. */
    REPLIES("replies"),
    /** Failed attempts reported by the worker: an "error" reply header, or a malformed reply. */
    ERRORS("errors"),
    /** Failed attempts put back in the queue for another try. */
    RETRIES("retries"),
    /** Attempts that failed because their worker was lost: expired, sent DISCONNECT, or was disconnected. */
    WORKER_LOST("worker_lost"),
    /** Attempts failed by the tracker's deadline (only with a tracker attached). */
    TIMEOUTS("timeouts"),
    /** PROGRESS messages for an attempt in flight (each extends its deadline when a tracker is attached). */
    PROGRESS("progress"),
    /** Messages given up after their last attempt and published on the dead-letter topic. */
    DEAD("dead"),
    /** Replies whose dispatch token was not in flight on that worker (a retry already took over). */
    LATE_REPLIES("late_replies"),
    /** Messages from the network that had no valid shape, dropped. */
    MALFORMED("malformed"),
    /** Requests refused because the service queue was full. */
    DROPPED("dropped");

    private final String jsonName;

    Counter(final String jsonName) {
        this.jsonName = jsonName;
    }

    String jsonName() {
        return jsonName;
    }
}
