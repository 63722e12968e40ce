package io.satbus.orchester;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * One named service: its queues of requests waiting for a worker with room (retries first), its workers in
 * registration order, and its counters. Owned by the orchester thread. NOT thread safe.
 */
final class Service {
    final String name;
    final byte[] nameBytes;
    /** First attempts, in arrival order. */
    final ArrayDeque<Dispatch> queue = new ArrayDeque<>();
    /** Retries, in the order they were decided; served before {@link #queue}. */
    final ArrayDeque<Dispatch> retries = new ArrayDeque<>();
    final List<Worker> workers = new ArrayList<>(4);
    final Counters counters = new Counters();
    int inFlight;

    Service(final String name) {
        this.name = name;
        this.nameBytes = name.getBytes(StandardCharsets.UTF_8);
    }

    OrchesterStatus.ServiceStatus snapshot() {
        final List<OrchesterStatus.WorkerStatus> ws = new ArrayList<>(workers.size());
        for (final Worker w : workers) {
            ws.add(w.snapshot());
        }
        return new OrchesterStatus.ServiceStatus(name, queue.size() + retries.size(), inFlight, ws, counters.snapshot());
    }
}
