package io.satbus.orchester;

import io.satbus.core.collections.LongObjectHashMap;
import io.satbus.core.protocol.Batch;
import io.satbus.core.protocol.DispatchToken;
import io.satbus.core.protocol.Mdp;
import io.satbus.core.tracking.Outcomes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Service queues, least-loaded dispatch ({@link WorkerChoice}), replies, failed attempts, retries
 * and dead letters, within the orchester's byte bounds.
 *
 * <p>Every step of a dispatch's life is told to the {@link Tracking}, which also decides the fate
 * of a failed attempt: at once (the local {@link RetryPolicy}), or later (a tracker's RETRY or
 * DEAD, applied by {@link #retry} and {@link #dead}; meanwhile the dispatch waits aside). Only a
 * tracker enforces deadlines: its TIMEOUT ({@link #timeout}) fails the attempt and frees the
 * worker's slot, and a reply to that attempt is then late and dropped.
 *
 * <p>Overload (docs/protocol.md 2.8): a request is taken only if holding it keeps the bytes held
 * for its client, its service and in total within the {@link ByteBounds}; else its client is told
 * it was refused ({@link ClientNotices}). A request larger than its service's max_message_size is
 * dead at entry; one that waits queued longer than its service's queue_timeout expires, dead
 * ({@link #expire}).
 *
 * <p>Poison isolation: a worker lost while it holds several requests cannot say which one killed
 * it, so none is charged; each becomes a <em>suspect</em> and is tried again alone: sent only to a
 * worker holding nothing, which is sent nothing else until it answers. A worker lost while it
 * holds one request alone charges that request ("worker lost"), which stays a suspect. While
 * suspects wait, nothing else of the service is dispatched, so that workers empty out for them.
 * Suspects go first, then retries in the order they were decided, then first attempts.
 *
 * <p>Owned by the orchester thread. NOT thread safe.
 */
final class Dispatcher {
    /** Most distinct services; a request for yet another one is refused. */
    static final int MAX_SERVICES = 10_000;
    /**
     * How long a refused satbus client is asked to wait before it sends the request again, on
     * average: each refusal asks for a wait drawn evenly from half to one and a half times this,
     * so that the requests refused together do not all come back at the same moment (and all but
     * a few be refused again).
     */
    static final long RETRY_AFTER_MS = 500;
    private static final byte[] EMPTY = new byte[0];
    private static final byte[] REQUEST = {Mdp.REQUEST};

    private final Map<String, Service> services = new TreeMap<>();
    private final LongObjectHashMap<Dispatch> inFlight = new LongObjectHashMap<>(1024);
    /** Failed attempts waiting for the tracker's RETRY or DEAD. */
    private final LongObjectHashMap<Dispatch> awaitingDecision = new LongObjectHashMap<>(64);
    private final Counters totals = new Counters();
    private final FrameSink router;
    private final DeadLetters deadLetters;
    private final ClientNotices notices;
    private final Tracking tracking;
    private final OrchesterConfig config;
    private final ByteBudget budget;
    private final WarnLimiter warn;
    /**
     * Frames of the message being sent; the router sends them before returning, so one list serves
     * all. A dispatch token is a range of {@link #token}, copied into the batch or out of the list.
     */
    private final Batch.Parts out = new Batch.Parts();
    private final byte[] token = new byte[DispatchToken.LENGTH];
    /** Spreads the waits asked of refused clients; not security-sensitive. */
    private final SplittableRandom jitter = new SplittableRandom(0x5a7b05L);
    private long nextDispatchId = 1;
    private long dispatchSeq;
    private int queued;

    Dispatcher(final OrchesterConfig config, final FrameSink router, final DeadLetters deadLetters,
               final Tracking tracking, final WarnLimiter warn) {
        this.config = config;
        this.router = router;
        this.deadLetters = deadLetters;
        this.notices = new ClientNotices(router);
        this.tracking = tracking;
        this.budget = new ByteBudget(config.byteBounds());
        this.warn = warn;
    }

    /** The service named {@code name}, created on first use; null when there are too many services. */
    Service service(final String name) {
        Service s = services.get(name);
        if (s == null && services.size() < MAX_SERVICES) {
            s = new Service(name, config.maxMessageBytes(name), config.queueTimeoutMs(name));
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

    /**
     * Takes a client request, or answers it at once: refused (a byte bound would be exceeded, or
     * there are too many services) or dead (larger than its service's max_message_size). Its body
     * is frames {@code from..} of {@code frames}, each got once if the request is held (a frame of
     * a batch is then copied out), else not at all.
     */
    void submit(final byte[] client, final String serviceName, final List<byte[]> frames, final int from,
                final long nowMs) {
        final Service s = counted(client, serviceName, frames, from, nowMs);
        if (s == null) {
            return;
        }
        final long bodyBytes = ByteBudget.bodyBytes(frames, from);
        if (bodyBytes > s.maxMessageBytes) {
            tooLarge(new Dispatch(nextDispatchId++, s, client, frames, from, nowMs, 0), bodyBytes, nowMs);
            return;
        }
        final long charged = ByteBudget.charge(bodyBytes);
        final ByteBudget.Peer peer = budget.peer(client);
        final String why = budget.refusal(s, client, peer, charged);
        if (why != null) {
            count(s, Counter.REFUSED);
            refuse(client, s.nameBytes, s.name, bodyOf(frames, from), why, nowMs);
            return;
        }
        final Dispatch d = new Dispatch(nextDispatchId++, s, client, frames, from, nowMs, charged);
        budget.hold(d, peer);
        enqueue(s.queue, d, nowMs);
        pump(s, nowMs);
    }

    /**
     * A request its sender's key may not make (security: not in its send_to rights): dead at entry
     * with {@code reason}, as one too large is, so that its sender is told (a satbus client counts
     * it dead and lets it go) instead of keeping it forever.
     */
    void forbidden(final byte[] client, final String serviceName, final List<byte[]> body, final String reason,
                   final long nowMs) {
        final Service s = counted(client, serviceName, body, 0, nowMs);
        if (s == null) {
            return;
        }
        giveUp(new Dispatch(nextDispatchId++, s, client, body, nowMs, 0), 0, "refused: " + reason, nowMs);
    }

    /** The service of a request, counted; null when it would be one too many, the request refused. */
    private Service counted(final byte[] client, final String serviceName, final List<byte[]> frames, final int from,
                            final long nowMs) {
        final Service s = service(serviceName);
        count(s, Counter.REQUESTS);
        if (s == null) {
            count(null, Counter.REFUSED);
            refuse(client, serviceName.getBytes(StandardCharsets.UTF_8), serviceName, bodyOf(frames, from),
                "services : " + serviceName + " is one too many (expected: at most " + MAX_SERVICES + ")", nowMs);
        }
        return s;
    }

    /** Frames {@code from..} of {@code frames} as a list of their own. */
    private static List<byte[]> bodyOf(final List<byte[]> frames, final int from) {
        return List.copyOf(frames.subList(from, frames.size()));
    }

    private void refuse(final byte[] client, final byte[] serviceBytes, final String service, final List<byte[]> body,
                        final String reason, final long nowMs) {
        warn.warn(nowMs, "request for {} from {} refused: {}", service, Hex.of(client), reason);
        notices.refused(client, serviceBytes, body, reason, RETRY_AFTER_MS / 2 + jitter.nextLong(RETRY_AFTER_MS + 1));
    }

    private void tooLarge(final Dispatch d, final long bodyBytes, final long nowMs) {
        final String outcome = "refused: too large: " + bodyBytes + " bytes (expected: <= " + d.service.maxMessageBytes + ")";
        count(d.service, Counter.TOO_LARGE);
        warn.warn(nowMs, "request for {} from {} dead: {}", d.service.name, Hex.of(d.client), outcome);
        giveUp(d, 0, outcome, nowMs);
    }

    /**
     * Expires, dead, every queued request that has waited longer than its service's
     * queue_timeout; returns how many. Each queue is in the order its requests entered it, so
     * only their heads are looked at.
     */
    int expire(final long nowMs) {
        int n = 0;
        for (final Service s : services.values()) {
            if (s.queueTimeoutMs > 0 && s.queued() > 0) {
                final int expired = expire(s, s.suspects, nowMs) + expire(s, s.retries, nowMs) + expire(s, s.queue, nowMs);
                if (expired > 0) {
                    warn.warn(nowMs, "{} requests for {} expired: no worker took them within {} ms", expired, s.name,
                        s.queueTimeoutMs);
                    n += expired;
                }
            }
        }
        return n;
    }

    private int expire(final Service s, final ArrayDeque<Dispatch> q, final long nowMs) {
        int n = 0;
        Dispatch d;
        while ((d = q.peekFirst()) != null && nowMs - d.queuedSinceMs >= s.queueTimeoutMs) {
            q.pollFirst();
            queued--;
            count(s, Counter.EXPIRED);
            giveUp(d, d.attempt - 1, "expired: no worker within " + duration(s.queueTimeoutMs), nowMs);
            n++;
        }
        return n;
    }

    /** The orchester's own end of {@code d}: dead after {@code attempts}, its client answered, the tracker told. */
    private void giveUp(final Dispatch d, final int attempts, final String outcome, final long nowMs) {
        d.failedAs(Dispatch.FailedAttempt.noWorker(nowMs, outcome));
        tracking.gaveUp(d, attempts, nowMs, outcome);
        bury(d, attempts, outcome);
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

    /**
     * Removes {@code w}. A dispatch it held alone is a failed attempt ("worker lost"); several
     * are suspects, not charged, each to be tried again alone, in the order they were sent.
     */
    void removeWorker(final Worker w, final long nowMs) {
        final Service s = services.get(w.service);
        s.workers.remove(w);
        final List<Dispatch> held = w.inFlight.values();
        held.sort((a, b) -> Long.compare(a.sentSeq, b.sentSeq));
        for (final Dispatch d : held) {
            release(d);
            d.suspect = true;
            if (held.size() == 1) {
                count(s, Counter.WORKER_LOST);
                failed(d, w, Outcomes.WORKER_LOST, nowMs);
            } else {
                count(s, Counter.SUSPECTS);
                tracking.suspect(d);
                enqueue(s.suspects, d, nowMs);
            }
        }
        tracking.workerDown(w);
        pump(s, nowMs);
    }

    /** The dispatch of a REPLY/PROGRESS token if it is in flight on {@code w} at that attempt, else null. */
    Dispatch inFlightOn(final Worker w, final long dispatchId, final int attempt) {
        final Dispatch d = w.inFlight.get(dispatchId);
        return d != null && d.attempt == attempt ? d : null;
    }

    /** Forwards {@code frames} from {@code from} on (the reply's body) to the client and frees the worker's slot. */
    void complete(final Dispatch d, final List<byte[]> frames, final int from, final long nowMs) {
        release(d);
        budget.release(d);
        count(d.service, Counter.DONE);
        tracking.replied(d);
        out.clear();
        out.add(d.client);
        out.add(EMPTY);
        out.add(Mdp.CLIENT_BYTES);
        out.add(d.service.nameBytes);
        router.send(out, frames, from);
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
    void lateReply(final Worker w, final long dispatchId, final int attempt) {
        count(service(w.service), Counter.LATE_REPLIES);
        tracking.lateReply(w, dispatchId, attempt);
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
        requeue(d, nowMs);
        pump(d.service, nowMs);
    }

    /** The tracker's DEAD of a dispatch waiting for a decision: published as a dead letter. */
    void dead(final long dispatchId, final int attempts, final long nowMs) {
        final Dispatch d = awaitingDecision.remove(dispatchId);
        if (d != null) {
            bury(d, d.attempt, null);
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
                requeue(d, nowMs);
            } else {
                bury(d, d.attempt, null);
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
        d.failedAs(f);
        switch (tracking.failed(d, f)) {
            case RETRY -> requeue(d, nowMs);
            case DEAD -> bury(d, d.attempt, null);
            default -> {
                d.awaitingSinceMs = nowMs;
                awaitingDecision.put(d.id, d);
            }
        }
    }

    private void requeue(final Dispatch d, final long nowMs) {
        d.attempt++;
        count(d.service, Counter.RETRIES);
        enqueue(d.suspect ? d.service.suspects : d.service.retries, d, nowMs);
    }

    private void enqueue(final ArrayDeque<Dispatch> q, final Dispatch d, final long nowMs) {
        d.queuedSinceMs = nowMs;
        q.addLast(d);
        queued++;
    }

    /**
     * Publishes {@code d} as a dead letter, releases its bytes, and tells its client: a satbus
     * client its dead notice, a plain one {@code ["503"][plainReason]} (nothing when null).
     */
    private void bury(final Dispatch d, final int attempts, final String plainReason) {
        budget.release(d);
        count(d.service, Counter.DEAD);
        final byte[] info = DeadLetters.info(d, attempts);
        deadLetters.publish(d, info, attempts);
        notices.dead(d, info, plainReason);
    }

    private void release(final Dispatch d) {
        final Worker w = d.worker;
        w.inFlight.remove(d.id);
        if (w.isolated == d) {
            w.isolated = null;
        }
        inFlight.remove(d.id);
        d.service.inFlight--;
        d.worker = null;
    }

    /**
     * Sends what waits to workers with room: first each suspect alone to an idle worker; while
     * any suspect still waits, nothing else (so that workers empty out for the suspects); then
     * retries, then first attempts.
     */
    private void pump(final Service s, final long nowMs) {
        Dispatch next;
        while ((next = s.suspects.peekFirst()) != null) {
            final Worker w = WorkerChoice.chooseIdle(s, next);
            if (w == null) {
                return;
            }
            s.suspects.pollFirst();
            queued--;
            send(next, w, nowMs);
        }
        while (true) {
            final ArrayDeque<Dispatch> from = s.retries.isEmpty() ? s.queue : s.retries;
            next = from.peekFirst();
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
        if (d.suspect) {
            w.isolated = d;
        }
        w.lastDispatchSeq = ++dispatchSeq;
        d.sentSeq = dispatchSeq;
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
        DispatchToken.encode(d.id, d.attempt, token);
        out.addRange(token, 0, DispatchToken.LENGTH);
        out.add(EMPTY);
        d.addBodyTo(out);
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
            budget.heldBytes(), budget.bounds().maxQueuedBytes(), totals.snapshot(), list, deadLetters.recent(), null);
    }

    /** "30s", "2m", "1500ms": a queue_timeout as a topology would write it. */
    static String duration(final long ms) {
        if (ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        }
        return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
    }
}
