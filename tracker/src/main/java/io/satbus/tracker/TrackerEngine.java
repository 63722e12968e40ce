package io.satbus.tracker;

import com.codahale.metrics.Clock;
import com.codahale.metrics.MetricRegistry;
import io.satbus.core.protocol.MalformedFrameException;
import io.satbus.core.tracking.SatelliteFigures;
import io.satbus.core.tracking.TrackerDecisionHandler;
import io.satbus.core.tracking.TrackerEventCodec;
import io.satbus.core.tracking.TrackerEventHandler;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tracker without its socket: decodes event frames, applies them to the {@link DispatchFsm},
 * the workers and the gauges, and fires deadlines. The loop feeds it frames and the time; tests
 * feed it the same on a simulated clock.
 *
 * <p>Owned by the tracker thread. NOT thread safe (its metrics and {@link #recentDead()} are
 * readable from any thread).
 */
final class TrackerEngine implements TrackerEventHandler {
    private static final Logger LOG = LoggerFactory.getLogger(TrackerEngine.class);

    private final TrackerConfig config;
    private final Services services;
    private final Workers workers;
    private final FailureLog failures;
    private final RoleMetrics role;
    private final DispatchFsm fsm;
    private final MetricRegistry registry;
    /** The run's accounting; registered at the first RUN event. */
    private RunMetrics run;
    private SatelliteMetrics satellites;
    /** The time of the frame being applied. */
    private long nowNanos;
    /** An orchester has said HELLO to this tracker. */
    private boolean greeted;
    /** The clock of the timers: the round's time. */
    private final RoundClock metricsClock;

    TrackerEngine(final TrackerConfig config, final MetricRegistry registry, final Clock clock,
                  final TrackerDecisionHandler decisions, final int initialCapacity) {
        this.config = config;
        this.metricsClock = new RoundClock(clock);
        this.services = new Services(config, registry, metricsClock);
        this.workers = new Workers(config.topologyName(), registry, metricsClock);
        this.failures = new FailureLog(config.recentDead());
        this.role = new RoleMetrics(registry, config.topologyName());
        this.registry = registry;
        this.fsm = new DispatchFsm(clock.getTick(), initialCapacity, TrackerConfig.DEFAULT_DEADLINES_PER_ROUND, services,
            workers, failures, role, decisions);
    }

    /**
     * Applies every event of {@code frame} at {@code nowNanos}; returns how many.
     *
     * @throws MalformedFrameException after applying the events before the bad one
     */
    int apply(final byte[] frame, final long nowNanos) throws MalformedFrameException {
        if (frame == null) {
            return apply(new byte[0], 0, nowNanos);
        }
        return apply(frame, frame.length, nowNanos);
    }

    /**
     * As {@link #apply(byte[], long)}, of a frame held in {@code array} from 0 to {@code length};
     * nothing reads {@code array} once this returns.
     */
    int apply(final byte[] array, final int length, final long nowNanos) throws MalformedFrameException {
        this.nowNanos = nowNanos;
        metricsClock.advance(nowNanos);
        try {
            return TrackerEventCodec.decode(array, length, this);
        } catch (MalformedFrameException ex) {
            role.malformed.inc();
            throw ex;
        }
    }

    /** Fires due deadlines and backoffs; returns how many. */
    int poll(final long nowNanos) {
        metricsClock.advance(nowNanos);
        return fsm.poll(nowNanos);
    }

    DispatchFsm fsm() {
        return fsm;
    }

    List<DeadMessage> recentDead() {
        return failures.recentDead();
    }

    /** Messages that have failed at least once and are neither done nor dead. */
    int failing() {
        return failures.failing();
    }

    int workers() {
        return workers.size();
    }

    /**
     * True once an orchester has said HELLO. Events without one come from an orchester that
     * greeted an earlier tracker: this one knows none of its workers and dispatches.
     */
    boolean greeted() {
        return greeted;
    }

    @Override
    public void onHello(final String topology) {
        role.events.inc();
        greeted = true;
        if (!topology.equals(config.topologyName())) {
            role.malformed.inc();
            LOG.warn("tracker {} : HELLO from the orchester of topology \"{}\" (expected: \"{}\"); tracking anyway",
                config.topologyName(), topology, config.topologyName());
        }
        if (fsm.size() > 0 || workers.size() > 0) {
            role.resets.inc();
            LOG.warn("tracker {} : a new orchester said HELLO; forgetting {} tracked messages and {} workers",
                config.topologyName(), fsm.size(), workers.size());
            fsm.clear();
            workers.clear();
            services.reset();
        }
    }

    @Override
    public void onWorkerUp(final int worker, final String identityHex, final String service, final String satellite,
                           final int instance) {
        role.events.inc();
        final int s = services.indexOf(service);
        // A worker of the bus's own service (a supervisor's control) is no satellite instance: no instance metrics.
        if (workers.up(worker, identityHex, s, MetricNames.busService(service) ? "" : satellite, instance)) {
            services.get(s).workersAlive.add(1);
        } else {
            role.unknown.inc();
        }
    }

    @Override
    public void onWorkerDown(final int worker) {
        role.events.inc();
        final Workers.Entry w = workers.down(worker);
        if (w == null) {
            role.unknown.inc();
        } else {
            services.get(w.service).workersAlive.add(-1);
        }
    }

    @Override
    public void onDispatched(final long dispatchId, final int attempt, final int worker) {
        role.events.inc();
        fsm.dispatched(dispatchId, attempt, worker, nowNanos);
    }

    @Override
    public void onReplied(final long dispatchId, final int attempt) {
        role.events.inc();
        fsm.replied(dispatchId, attempt, nowNanos);
    }

    @Override
    public void onFailed(final long dispatchId, final int attempt, final long atMs, final String outcome) {
        role.events.inc();
        fsm.failed(dispatchId, attempt, atMs, outcome, nowNanos);
    }

    @Override
    public void onProgress(final long dispatchId, final int attempt) {
        role.events.inc();
        fsm.progress(dispatchId, attempt, nowNanos);
    }

    @Override
    public void onLateReply(final long dispatchId, final int attempt, final int worker) {
        role.events.inc();
        fsm.lateReply(worker);
    }

    @Override
    public void onSuspect(final long dispatchId, final int attempt) {
        role.events.inc();
        fsm.suspected(dispatchId, attempt);
    }

    @Override
    public void onGaveUp(final long dispatchId, final int attempts, final long atMs, final String outcome,
                         final String service) {
        role.events.inc();
        fsm.gaveUp(dispatchId, attempts, atMs, outcome, services.indexOf(service));
    }

    @Override
    public void onStatus(final long atMs, final int queued, final int inFlight, final int workerCount,
                         final long malformed, final long refused, final long queuedBytes) {
        role.events.inc();
        role.orchesterQueued.set(queued);
        role.orchesterInFlight.set(inFlight);
        role.orchesterWorkers.set(workerCount);
        role.orchesterMalformed.set(malformed);
        role.orchesterRefused.set(refused);
        role.orchesterQueuedBytes.set(queuedBytes);
    }

    @Override
    public void onSecurity(final long forbidden, final long refusedKeys) {
        role.events.inc();
        role.orchesterForbidden.set(forbidden);
        role.orchesterRefusedKeys.set(refusedKeys);
    }

    @Override
    public void onRun(final long generated, final long delivered, final long duplicates, final long dead,
                      final long lost) {
        role.events.inc();
        if (run == null) {
            run = new RunMetrics(registry, config.topologyName());
        }
        run.set(generated, delivered, duplicates, dead, lost);
    }

    @Override
    public void onSatellite(final SatelliteFigures figures) {
        role.events.inc();
        if (satellites == null) {
            satellites = new SatelliteMetrics(registry, config.topologyName());
        }
        satellites.set(figures);
    }

    @Override
    public void onServiceStatus(final String service, final int queueDepth, final int workerCount,
                                final long queuedBytes) {
        final Services.Entry e = services.get(services.indexOf(service));
        e.queueDepth.set(queueDepth);
        e.queuedBytes.set(queuedBytes);
    }
}
