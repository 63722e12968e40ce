package io.satbus.orchester;

import io.satbus.core.protocol.DispatchToken;
import io.satbus.core.protocol.Mdp;
import io.satbus.core.tracking.Outcomes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Service queues, least-loaded dispatch ({@link WorkerChoice}), replies, failed attempts, retries
 * and dead letters.
 *
 * <p>Every step of a dispatch's life is told to the {@link Tracking}, which also decides the fate
 * of a failed attempt: at once (the local {@link RetryPolicy}), or later (a tracker's RETRY or
 * DEAD, applied by {@link #retry} and {@link #dead}; meanwhile the dispatch waits aside). Only a
 * tracker enforces deadlines: its TIMEOUT ({@link #timeout}) fails the attempt and frees the
 * worker's slot, and a reply to that attempt is then late and dropped. A retried dispatch goes
 * before every first attempt of its service, retries in the order they were decided.
 *
 * <p>Owned by the orchester thread. NOT thread safe.
 */
final class Dispatcher {
    /** Most distinct services; a request for yet another one is dropped. */
    static final int MAX_SERVICES = 10_000;
    /** Dead messages the admin status keeps, with their history. */
    static final int RECENT_DEAD = 20;
    private static final byte[] EMPTY = new byte[0];
    private static final byte[] REQUEST = {Mdp.REQUEST};

    private final Map<String, Service> services = new TreeMap<>();
    private final Map<Long, Dispatch> inFlight = new HashMap<>();
    /** Failed attempts waiting for the tracker's RETRY or DEAD. */
    private final Map<Long, Dispatch> awaitingDecision = new HashMap<>();
    private final Counters totals = new Counters();
    private final ArrayDeque<OrchesterStatus.DeadMessage> recentDead = new ArrayDeque<>(RECENT_DEAD);
    private final FrameSink router;
    private final DeadLetters deadLetters;
    private final Tracking tracking;
    private final int maxQueueDepth;
    /** Frames of the message being sent; the router sends them before returning, so one list serves all. */
    private final List<byte[]> out = new ArrayList<>(16);
    private long nextDispatchId = 1;
    private long dispatchSeq;
    private int queued;

    Dispatcher(final FrameSink router, final DeadLetters deadLetters, final Tracking tracking, final int maxQueueDepth) {
        this.router = router;
        this.deadLetters = deadLetters;
        this.tracking = tracking;
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

    /**
     * Tells {@code tracking} again every worker and then every attempt in flight, in the order
     * they were sent per worker: for a tracker that started after them ({@link TrackerLinkClient#resync}).
     *
     * @return the attempts told
     */
    int retell(final Tracking to) {
        int n = 0;
        for (final Service s : services.values()) {
            for (final Worker w : s.workers) {
                to.workerUp(w);
            }
        }
        for (final Service s : services.values()) {
            for (final Worker w : s.workers) {
                for (final Dispatch d : w.inFlight.values()) {
                    to.dispatched(d, w);
                    n++;
                }
            }
        }
        return n;
    }

    /** Registers {@code w} (its service must exist) and gives it queued work. */
    void addWorker(final Worker w, final long nowMs) {
        final Service s = services.get(w.service);
        s.workers.add(w);
        w.lastDispatchSeq = ++dispatchSeq;
        tracking.workerUp(w);
        pump(s, nowMs);
    }

    /** Removes {@code w}; every dispatch it held is a failed attempt ("worker lost"), in the order it was sent. */
    void removeWorker(final Worker w, final long nowMs) {
        final Service s = services.get(w.service);
        s.workers.remove(w);
        for (final Dispatch d : new ArrayList<>(w.inFlight.values())) {
            release(d);
            count(s, Counter.WORKER_LOST);
            failed(d, w, Outcomes.WORKER_LOST, nowMs);
        }
        tracking.workerDown(w);
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
        tracking.replied(d);
        out.clear();
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
        failed(d, w, outcome, nowMs);
        pump(d.service, nowMs);
    }

    /** The worker holding {@code d} is still working on it. */
    void progress(final Dispatch d) {
        count(d.service, Counter.PROGRESS);
        tracking.progress(d);
    }

    /** A reply from {@code w} to an attempt not in flight on it: dropped and counted. */
    void lateReply(final Worker w, final byte[] token) {
        count(service(w.service), Counter.LATE_REPLIES);
        tracking.lateReply(w, DispatchToken.dispatchId(token), DispatchToken.attempt(token));
    }

    /** The tracker's TIMEOUT: if that attempt is still in flight, it fails ("timeout") and its slot is freed. */
    void timeout(final long dispatchId, final int attempt, final long nowMs) {
        final Dispatch d = inFlight.get(dispatchId);
        if (d == null || d.attempt != attempt) {
            return; // answered or failed meanwhile: the tracker hears of it from the events already sent
        }
        final Worker w = d.worker;
        release(d);
        count(d.service, Counter.TIMEOUTS);
        failed(d, w, Outcomes.TIMEOUT, nowMs);
        pump(d.service, nowMs);
    }

    /** The tracker's RETRY of a dispatch waiting for a decision: queued again as attempt {@code attempt}. */
    void retry(final long dispatchId, final int attempt, final long nowMs) {
        final Dispatch d = awaitingDecision.get(dispatchId);
        if (d == null || attempt != d.attempt + 1) {
            return;
        }
        awaitingDecision.remove(dispatchId);
        requeue(d);
        pump(d.service, nowMs);
    }

    /** The tracker's DEAD of a dispatch waiting for a decision: published as a dead letter. */
    void dead(final long dispatchId, final int attempts, final long nowMs) {
        final Dispatch d = awaitingDecision.remove(dispatchId);
        if (d != null) {
            bury(d);
        }
    }

    /**
     * Decides with {@code policy}, as without a tracker, every failed attempt that has waited
     * {@code maxWaitMs} or more for the tracker's RETRY or DEAD (a tracker process that died, or
     * a link that lost the decision), oldest first, so that no message waits forever. A decision
     * that comes later finds nothing waiting and is ignored. Returns how many were decided.
     */
    int decideOverdue(final long nowMs, final long maxWaitMs, final RetryPolicy policy) {
        List<Dispatch> overdue = null;
        for (final Dispatch d : awaitingDecision.values()) {
            if (nowMs - d.awaitingSinceMs >= maxWaitMs) {
                if (overdue == null) {
                    overdue = new ArrayList<>();
                }
                overdue.add(d);
            }
        }
        if (overdue == null) {
            return 0;
        }
        overdue.sort((a, b) -> Long.compare(a.awaitingSinceMs, b.awaitingSinceMs));
        for (final Dispatch d : overdue) {
            awaitingDecision.remove(d.id);
            if (policy.onFailedAttempt(d.service.name, d.attempt) == RetryPolicy.Decision.RETRY) {
                requeue(d);
            } else {
                bury(d);
            }
        }
        for (final Dispatch d : overdue) {
            pump(d.service, nowMs);
        }
        return overdue.size();
    }

    /** Records the failure and acts on the verdict of the {@link Tracking}. */
    private void failed(final Dispatch d, final Worker w, final String outcome, final long nowMs) {
        final Dispatch.FailedAttempt f = new Dispatch.FailedAttempt(w.hex, w.satellite(), w.instance(), nowMs, outcome);
        d.history.add(f);
        switch (tracking.failed(d, f)) {
            case RETRY -> requeue(d);
            case DEAD -> bury(d);
            default -> {
                d.awaitingSinceMs = nowMs;
                awaitingDecision.put(d.id, d);
            }
        }
    }

    private void requeue(final Dispatch d) {
        d.attempt++;
        count(d.service, Counter.RETRIES);
        d.service.retries.addLast(d);
        queued++;
    }

    private void bury(final Dispatch d) {
        count(d.service, Counter.DEAD);
        final byte[] info = DeadLetters.info(d);
        deadLetters.publish(d, info);
        if (DeadLetters.isEnvelope(d.body)) {
            sendDeadNotice(d, info);
        }
        if (recentDead.size() == RECENT_DEAD) {
            recentDead.pollFirst();
        }
        final List<OrchesterStatus.FailedAttempt> history = new ArrayList<>(d.history.size());
        for (final Dispatch.FailedAttempt f : d.history) {
            history.add(new OrchesterStatus.FailedAttempt(f.workerHex(), f.satellite(), f.instance(), f.atMs(), f.outcome()));
        }
        recentDead.addLast(new OrchesterStatus.DeadMessage(d.service.name, d.id, d.attempt, history));
    }

    /**
     * Releases a satbus client's custody of a dead request: {@code [""]["MDPC01"][service]
     * [envelope header][""][dead-letter info]}, the envelope header being the request's (its id).
     * A plain MDP client is sent nothing, as spec 7 has no such reply.
     */
    private void sendDeadNotice(final Dispatch d, final byte[] info) {
        out.clear();
        out.add(d.client);
        out.add(EMPTY);
        out.add(Mdp.CLIENT_BYTES);
        out.add(d.service.nameBytes);
        out.add(d.body.get(0));
        out.add(EMPTY);
        out.add(info);
        router.send(out);
    }

    private void release(final Dispatch d) {
        d.worker.inFlight.remove(d.id);
        inFlight.remove(d.id);
        d.service.inFlight--;
        d.worker = null;
    }

    private void pump(final Service s, final long nowMs) {
        while (true) {
            final ArrayDeque<Dispatch> from = s.retries.isEmpty() ? s.queue : s.retries;
            final Dispatch next = from.peekFirst();
            if (next == null) {
                return;
            }
            final Worker w = WorkerChoice.choose(s, next);
            if (w == null) {
                return;
            }
            from.pollFirst();
            queued--;
            send(next, w, nowMs);
        }
    }

    private void send(final Dispatch d, final Worker w, final long nowMs) {
        d.worker = w;
        w.inFlight.put(d.id, d);
        w.lastDispatchSeq = ++dispatchSeq;
        w.lastSentMs = nowMs;
        inFlight.put(d.id, d);
        d.service.inFlight++;
        count(d.service, Counter.DISPATCHED);
        tracking.dispatched(d, w);
        out.clear();
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
        return new OrchesterStatus(topology, nowMs, inFlight.size(), queued, workers, awaitingDecision.size(),
            totals.snapshot(), list, List.copyOf(recentDead));
    }
}
