package io.satbus.orchester;

import io.satbus.core.collections.LongObjectHashMap;
import io.satbus.core.protocol.WorkerInfo;

/**
 * One registered worker: its identity on the ROUTER, what it told us in READY, and the
 * dispatches it holds (in the order they were sent). Owned by the orchester thread. NOT thread safe.
 */
final class Worker {
    /** Names this worker on the tracker link; never reused within a run. */
    final int key;
    final byte[] identity;
    final String hex;
    final String service;
    /** Null for a plain MDP worker. */
    final WorkerInfo info;
    /** Its dispatches in flight by id; {@link Dispatch#sentSeq} gives the order they went in. */
    final LongObjectHashMap<Dispatch> inFlight = new LongObjectHashMap<>(16);
    /** The suspect it holds alone (poison isolation), or null: while set, it is sent nothing else. */
    Dispatch isolated;
    long lastSeenMs;
    long lastSentMs;
    /** Name of the key its connection was admitted with; null without security. */
    String keyName;
    /** Order of the last dispatch (or registration): the smaller, the longer it has gone without work. */
    long lastDispatchSeq;

    Worker(final int key, final byte[] identity, final String service, final WorkerInfo info, final long nowMs) {
        this.key = key;
        this.identity = identity.clone();
        this.hex = Hex.of(identity);
        this.service = service;
        this.info = info;
        this.lastSeenMs = nowMs;
        this.lastSentMs = nowMs;
    }

    boolean satbus() {
        return info != null;
    }

    int credit() {
        return info == null ? 1 : info.credit();
    }

    String satellite() {
        return info == null ? "" : info.satellite();
    }

    int instance() {
        return info == null ? -1 : info.instance();
    }

    /** True when it may be sent an ordinary request: it isolates no suspect and holds less than its credit. */
    boolean hasRoom() {
        return isolated == null && inFlight.size() < credit();
    }

    /** True when it holds nothing: a suspect may go to it. */
    boolean idle() {
        return inFlight.isEmpty();
    }

    OrchesterStatus.WorkerStatus snapshot() {
        return new OrchesterStatus.WorkerStatus(hex, satellite(), instance(), credit(), inFlight.size(), satbus());
    }

    @Override
    public String toString() {
        return "worker " + hex + " (" + service + (info == null ? ", plain MDP" : ", " + info.satellite() + "/"
            + info.instance()) + ")";
    }
}
