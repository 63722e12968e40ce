package io.satbus.orchester;

import java.util.ArrayList;
import java.util.List;

/**
 * One client request from the moment it is accepted until it is answered or dead: the client
 * to answer, the body to (re)send, the current attempt and the outcome of every failed one.
 * Owned by the orchester thread. NOT thread safe.
 */
final class Dispatch {
    final long id;
    final Service service;
    final byte[] client;
    final List<byte[]> body;
    final long acceptedAtMs;
    final List<FailedAttempt> history = new ArrayList<>(2);
    /** 1 for the first attempt; the number sent in the dispatch token. */
    int attempt = 1;
    /** The worker holding the current attempt, or null while queued. */
    Worker worker;
    /** When its last attempt failed and it began to wait for a tracker's decision. */
    long awaitingSinceMs;

    Dispatch(final long id, final Service service, final byte[] client, final List<byte[]> body, final long acceptedAtMs) {
        this.id = id;
        this.service = service;
        this.client = client;
        this.body = body;
        this.acceptedAtMs = acceptedAtMs;
    }

    boolean triedBy(final Worker w) {
        for (final FailedAttempt f : history) {
            if (f.workerHex().equals(w.hex)) {
                return true;
            }
        }
        return false;
    }

    /**
     * How one attempt failed, as published in the dead letter's history.
     *
     * @param outcome "error: TEXT" or "worker lost"
     */
    record FailedAttempt(String workerHex, String satellite, int instance, long atMs, String outcome) {
    }
}
