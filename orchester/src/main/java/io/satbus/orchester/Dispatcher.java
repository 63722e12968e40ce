package io.satbus.orchester;

import io.satbus.core.protocol.DispatchToken;
import io.satbus.core.protocol.Mdp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Service queues, least-loaded dispatch, replies, failed attempts, retries and dead letters.
 *
 * <p>Choice of worker: among the service's workers with room (in flight &lt; credit), prefer one
 * that has not failed this message before, then the fewest in flight, then the one given work
 * least recently. Failed attempts go back to the front of the queue while the {@link RetryPolicy}
 * allows; then the message is dead and published by {@link DeadLetters}.
 *
 * <p>Owned by the orchester thread. NOT thread safe.
 */
final class Dispatcher {
    /** Most distinct services; a request for yet another one is dropped. */
    static final int MAX_SERVICES = 10_000;
    private static final byte[] EMPTY = new byte[0];
    private static final byte[] REQUEST = {Mdp.REQUEST};

    private final Map<String, Service> services = new TreeMap<>();
    private final Map<Long, Dispatch> inFlight = new HashMap<>();
    private final Counters totals = new Counters();
    private final FrameSink router;
    private final DeadLetters deadLetters;
    private final RetryPolicy retryPolicy;
    private final int maxQueueDepth;
    private long nextDispatchId = 1;
    private long dispatchSeq;
    private int queued;

    Dispatcher(final FrameSink router, final DeadLetters deadLetters, final RetryPolicy retryPolicy,
               final int maxQueueDepth) {
        this.router = router;
        this.deadLetters = deadLetters;
        this.retryPolicy = retryPolicy;
        this.maxQueueDepth = maxQueueDepth;
    }

    /** The service named {@code name}, created on first use; null when there are too many services. */
    Service service(final String name) {
        Service s = services.get(name);
        if (s == null && services.size() < MAX_SERVICES) {
            s = new Service(name);
            services.put(name, s);
        }
        return s;
    }

    /** True when {@code name} has at least one worker. */
    boolean hasWorkers(final String name) {
        final Service s = services.get(name);
        return s != null && !s.workers.isEmpty();
    }

    void count(final Service s, final Counter c) {
        if (s != null) {
            s.counters.increment(c);
        }
        totals.increment(c);
    }

    /** Accepts a client request; returns false when it was dropped (queue full or too many services). */
    boolean submit(final byte[] client, final String serviceName, final List<byte[]> body, final long nowMs) {
        final Service s = service(serviceName);
        count(s, Counter.REQUESTS);
        if (s == null || s.queue.size() >= maxQueueDepth) {
            count(s, Counter.DROPPED);
            return false;
        }
        s.queue.addLast(new Dispatch(nextDispatchId++, s, client, body, nowMs));
        queued++;
        pump(s, nowMs);
        return true;
    }

    /** Registers {@code w} (its service must exist) and gives it queued work. */
    void addWorker(final Worker w, final long nowMs) {
        final Service s = services.get(w.service);
        s.workers.add(w);
        w.lastDispatchSeq = ++dispatchSeq;
        pump(s, nowMs);
    }

    /**
     * Removes {@code w}; every dispatch it held is a failed attempt ("worker lost"), retried
     * from the front of the queue in its original order, or dead.
     */
    void removeWorker(final Worker w, final long nowMs) {
        final Service s = services.get(w.service);
        s.workers.remove(w);
        final List<Dispatch> held = new ArrayList<>(w.inFlight.values());
        final List<Dispatch> retry = new ArrayList<>(held.size());
        for (final Dispatch d : held) {
            release(d);
            count(s, Counter.WORKER_LOST);
            if (failed(d, w, "worker lost", nowMs)) {
                retry.add(d);
            }
        }
        for (int i = retry.size() - 1; i >= 0; i--) {
            s.queue.addFirst(retry.get(i));
            queued++;
        }
        pump(s, nowMs);
    }

    /** The dispatch of a REPLY/PROGRESS token if it is in flight on {@code w} at that attempt, else null. */
    Dispatch inFlightOn(final Worker w, final byte[] token) {
        final Dispatch d = w.inFlight.get(DispatchToken.dispatchId(token));
        return d != null && d.attempt == DispatchToken.attempt(token) ? d : null;
    }

    /** Forwards {@code body} to the client and frees the worker's slot. */
    void complete(final Dispatch d, final List<byte[]> body, final long nowMs) {
        release(d);
        count(d.service, Counter.REPLIES);
        final List<byte[]> out = new ArrayList<>(4 + body.size());
        out.add(d.client);
        out.add(EMPTY);
        out.add(Mdp.CLIENT_BYTES);
        out.add(d.service.nameBytes);
        out.addAll(body);
        router.send(out);
        pump(d.service, nowMs);
    }

    /** A failed attempt reported by its worker (error reply or malformed reply). */
    void fail(final Dispatch d, final String outcome, final long nowMs) {
        final Worker w = d.worker;
        release(d);
        count(d.service, Counter.ERRORS);
        if (failed(d, w, outcome, nowMs)) {
            d.service.queue.addFirst(d);
            queued++;
        }
        pump(d.service, nowMs);
    }

    /** Records the failure; returns true when the message is to be retried (caller queues it). */
    private boolean failed(final Dispatch d, final Worker w, final String outcome, final long nowMs) {
        d.history.add(new Dispatch.FailedAttempt(w.hex, w.satellite(), w.instance(), nowMs, outcome));
        if (retryPolicy.onFailedAttempt(d.service.name, d.attempt) == RetryPolicy.Decision.RETRY) {
            d.attempt++;
            count(d.service, Counter.RETRIES);
            return true;
        }
        count(d.service, Counter.DEAD);
        deadLetters.publish(d);
        return false;
    }

    private void release(final Dispatch d) {
        d.worker.inFlight.remove(d.id);
        inFlight.remove(d.id);
        d.service.inFlight--;
        d.worker = null;
    }

    private void pump(final Service s, final long nowMs) {
        while (!s.queue.isEmpty()) {
            final Worker w = choose(s, s.queue.peekFirst());
            if (w == null) {
                return;
            }
            final Dispatch d = s.queue.pollFirst();
            queued--;
            send(d, w, nowMs);
        }
    }

    private static Worker choose(final Service s, final Dispatch d) {
        Worker best = null;
        boolean bestTried = true;
        for (final Worker w : s.workers) {
            if (!w.hasRoom()) {
                continue;
            }
            final boolean tried = !d.history.isEmpty() && d.triedBy(w);
            if (best == null || better(w, tried, best, bestTried)) {
                best = w;
                bestTried = tried;
            }
        }
        return best;
    }

    private static boolean better(final Worker w, final boolean tried, final Worker best, final boolean bestTried) {
        if (tried != bestTried) {
            return !tried;
        }
        if (w.inFlight.size() != best.inFlight.size()) {
            return w.inFlight.size() < best.inFlight.size();
        }
        return w.lastDispatchSeq < best.lastDispatchSeq;
    }

    private void send(final Dispatch d, final Worker w, final long nowMs) {
        d.worker = w;
        w.inFlight.put(d.id, d);
        w.lastDispatchSeq = ++dispatchSeq;
        w.lastSentMs = nowMs;
        inFlight.put(d.id, d);
        d.service.inFlight++;
        count(d.service, Counter.DISPATCHED);
        final List<byte[]> out = new ArrayList<>(6 + d.body.size());
        out.add(w.identity);
        out.add(EMPTY);
        out.add(Mdp.WORKER_BYTES);
        out.add(REQUEST);
        out.add(DispatchToken.encode(d.id, d.attempt));
        out.add(EMPTY);
        out.addAll(d.body);
        router.send(out);
    }

    /** Counts a malformed message that no service can be blamed for. */
    void countMalformed() {
        totals.increment(Counter.MALFORMED);
    }

    OrchesterStatus status(final String topology, final long nowMs, final int workers) {
        final List<OrchesterStatus.ServiceStatus> list = new ArrayList<>(services.size());
        for (final Service s : services.values()) {
            list.add(s.snapshot());
        }
        return new OrchesterStatus(topology, nowMs, inFlight.size(), queued, workers, totals.snapshot(), list);
    }
}
