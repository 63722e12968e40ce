package io.satbus.orchester;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * One named service: its queues of requests waiting for a worker with room (suspects first,
 * then retries, then first attempts), its workers in registration order, the bytes of its
 * requests the orchester holds, its limits and its counters. Owned by the orchester thread.
 * NOT thread safe.
 */
final class Service {
    final String name;
    final byte[] nameBytes;
    /** Largest request body it accepts; a larger one is dead at entry. */
    final long maxMessageBytes;
    /** How long a request may wait in one of its queues; 0: forever. */
    final long queueTimeoutMs;
    /** First attempts, in arrival order. */
    final ArrayDeque<Dispatch> queue = new ArrayDeque<>();
    /** Retries, in the order they were decided; served before {@link #queue}. */
    final ArrayDeque<Dispatch> retries = new ArrayDeque<>();
    /** Requests a lost worker held (poison isolation): each goes alone to an idle worker, before anything else. */
    final ArrayDeque<Dispatch> suspects = new ArrayDeque<>();
    final List<Worker> workers = new ArrayList<>(4);
    final Counters counters = new Counters();
    int inFlight;
    /** Charged bytes of its requests held: queued, in flight, awaiting a decision. */
    long heldBytes;

    Service(final String name, final long maxMessageBytes, final long queueTimeoutMs) {
        this.name = name;
        this.nameBytes = name.getBytes(StandardCharsets.UTF_8);
        this.maxMessageBytes = maxMessageBytes;
        this.queueTimeoutMs = queueTimeoutMs;
    }

    int queued() {
        return queue.size() + retries.size() + suspects.size();
    }

    OrchesterStatus.ServiceStatus snapshot() {
        final List<OrchesterStatus.WorkerStatus> ws = new ArrayList<>(workers.size());
        for (final Worker w : workers) {
            ws.add(w.snapshot());
        }
        return new OrchesterStatus.ServiceStatus(name, queued(), inFlight, heldBytes, ws, counters.snapshot());
    }
}
