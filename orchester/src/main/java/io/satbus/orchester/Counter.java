package io.satbus.orchester;

/**
 * What the orchester counts, per service and in total. One name per concept: the JSON field
 * of the admin status is {@link #jsonName()}.
 */
enum Counter {
    /** Client requests for the service: accepted, refused or too large. */
    REQUESTS("requests"),
    /** Attempts sent to a worker (the first and every retry). */
    DISPATCHED("dispatched"),
    /** Replies forwarded to the client. */
    DONE("done"),
    /** Failed attempts reported by the worker: an "error" reply header, or a malformed reply. */
    ERRORS("errors"),
    /** Failed attempts put back in the queue for another try. */
    RETRIES("retries"),
    /**
     * Attempts that failed because their worker was lost (expired, sent DISCONNECT, or was
     * disconnected) while it held that attempt alone: charged to the request.
     */
    WORKER_LOST("worker_lost"),
    /**
     * Attempts whose worker was lost while it held other requests too: not charged, the request
     * is tried again alone (poison isolation).
     */
    SUSPECTS("suspects"),
    /** Attempts failed by the tracker's deadline (only with a tracker attached). */
    TIMEOUTS("timeouts"),
    /** PROGRESS messages for an attempt in flight (each extends its deadline when a tracker is attached). */
    PROGRESS("progress"),
    /** Messages given up and published on the dead-letter topic: attempts run out, expired or too large. */
    DEAD("dead"),
    /** Replies whose dispatch token was not in flight on that worker (a retry already took over). */
    LATE_REPLIES("late_replies"),
    /** Messages from the network that had no valid shape, dropped. */
    MALFORMED("malformed"),
    /**
     * Requests not taken because a byte bound would be exceeded (or there are too many services):
     * the client was answered with a refusal (satbus) or a 503 (plain MDP).
     */
    REFUSED("refused"),
    /** Requests that waited queued for a worker longer than their service's queue_timeout: dead. */
    EXPIRED("expired"),
    /** Requests larger than their service's max_message_size: dead at entry. */
    TOO_LARGE("too_large"),
    /**
     * Messages from a peer that stepped outside what it may do, dropped: a publication on a topic
     * of the bus's own ({@code satbus.}, the dead-letter topic), a registration for a service of
     * the bus's own that it may not serve, and, with security on, anything outside its key's rights.
     */
    FORBIDDEN("forbidden"),
    /** With security on, connections refused because their key is not in the allow-list (never a message). */
    REFUSED_KEYS("refused_keys");

    private final String jsonName;

    Counter(final String jsonName) {
        this.jsonName = jsonName;
    }

    String jsonName() {
        return jsonName;
    }
}
