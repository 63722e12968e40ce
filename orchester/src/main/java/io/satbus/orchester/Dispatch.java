package io.satbus.orchester;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One client request from the moment it is accepted until it is answered or dead: the client
 * to answer, the body to (re)send, the bytes it is charged, the current attempt and the outcome
 * of every failed one. Owned by the orchester thread. NOT thread safe.
 */
final class Dispatch {
    final long id;
    final Service service;
    final byte[] client;
    /** The body's frames, held as fields (an envelope's two, nearly always): no list of their own per request. */
    private final int bodyFrames;
    private final byte[] body0;
    private final byte[] body1;
    /** Frames 2.. of the body, or null when it has two or fewer. */
    private final List<byte[]> bodyRest;
    final long acceptedAtMs;
    /** What holding it counts against the byte bounds: body and bookkeeping ({@link ByteBudget#charge}). */
    final long chargedBytes;
    /** Every failed attempt, oldest first: empty (and shared) until the first one ({@link #failedAs}). */
    List<FailedAttempt> history = List.of();
    /** 1 for the first attempt; the number sent in the dispatch token. Grows only with a charged failure. */
    int attempt = 1;
    /** When it was last sent to a worker, in the dispatcher's sequence: the order a worker's dispatches went in. */
    long sentSeq;
    /** The worker holding the current attempt, or null while queued. */
    Worker worker;
    /** When its last attempt failed and it began to wait for a tracker's decision. */
    long awaitingSinceMs;
    /** When it last entered one of its service's queues: its queue_timeout runs from there. */
    long queuedSinceMs;
    /**
     * A worker was lost while holding it: from then on it is only sent to a worker holding
     * nothing else, and nothing else is sent there until it is answered (poison isolation).
     */
    boolean suspect;
    /** Its client's share of the byte bounds while the orchester holds it; null when not held. */
    ByteBudget.Peer peer;

    Dispatch(final long id, final Service service, final byte[] client, final List<byte[]> body, final long acceptedAtMs,
             final long chargedBytes) {
        this(id, service, client, body, 0, acceptedAtMs, chargedBytes);
    }

    /** A request whose body is frames {@code from..} of {@code frames} (got once each: a batch's frame is copied out). */
    Dispatch(final long id, final Service service, final byte[] client, final List<byte[]> frames, final int from,
             final long acceptedAtMs, final long chargedBytes) {
        this.id = id;
        this.service = service;
        this.client = client;
        this.bodyFrames = frames.size() - from;
        this.body0 = bodyFrames > 0 ? frames.get(from) : null;
        this.body1 = bodyFrames > 1 ? frames.get(from + 1) : null;
        this.bodyRest = bodyFrames > 2 ? List.copyOf(frames.subList(from + 2, frames.size())) : null;
        this.acceptedAtMs = acceptedAtMs;
        this.chargedBytes = chargedBytes;
    }

    int bodyFrames() {
        return bodyFrames;
    }

    /** Frame {@code i} of the body. */
    byte[] bodyFrame(final int i) {
        return switch (Objects.checkIndex(i, bodyFrames)) {
            case 0 -> body0;
            case 1 -> body1;
            default -> bodyRest.get(i - 2);
        };
    }

    /** Appends the body's frames to {@code to}, in order. */
    void addBodyTo(final List<byte[]> to) {
        for (int i = 0; i < bodyFrames; i++) {
            to.add(bodyFrame(i));
        }
    }

    /** Adds {@code f} to {@link #history}; most requests never fail, so the list is made at the first. */
    void failedAs(final FailedAttempt f) {
        if (history.isEmpty()) {
            history = new ArrayList<>(2);
        }
        history.add(f);
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
     * How one attempt failed, or why the orchester gave the request up, as published in the dead
     * letter's history.
     *
     * @param outcome "error: TEXT", "timeout", "worker lost", or (no worker: "", -1) "expired: ..."
     *                or "refused: too large: ..."
     */
    record FailedAttempt(String workerHex, String satellite, int instance, long atMs, String outcome) {
        /** The orchester's own verdict on a request no worker failed. */
        static FailedAttempt noWorker(final long atMs, final String outcome) {
            return new FailedAttempt("", "", -1, atMs, outcome);
        }
    }
}
