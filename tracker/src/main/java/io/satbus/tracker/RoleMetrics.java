package io.satbus.tracker;

import com.codahale.metrics.Counter;
import com.codahale.metrics.MetricRegistry;

/**
 * The tracker's own metrics ({@code satbus.<topology>.tracker.*}) and the orchester's, taken
 * from its periodic status ({@code satbus.<topology>.orchester.*}).
 *
 * <p>Updated by the tracker thread; read by any thread through the registry.
 */
final class RoleMetrics {
    /** Messages tracked now (DISPATCHED or FAILED_ATTEMPT). */
    final LongGauge tracked;
    /** Events received from the orchester. */
    final Counter events;
    /** Decisions sent to the orchester. */
    final Counter decisions;
    /** Link frames that were not valid events, dropped. */
    final Counter malformed;
    /** Events about a dispatch or worker the tracker does not know (out of step, e.g. after a restart). */
    final Counter unknown;
    /** Times a new orchester said HELLO while messages were tracked: they were forgotten. */
    final Counter resets;
    /** Dead messages over all services. */
    final Counter dead;

    final LongGauge orchesterQueued;
    final LongGauge orchesterInFlight;
    final LongGauge orchesterWorkers;
    final LongGauge orchesterMalformed;
    final LongGauge orchesterRefused;
    final LongGauge orchesterQueuedBytes;
    final LongGauge orchesterForbidden;
    final LongGauge orchesterRefusedKeys;

    RoleMetrics(final MetricRegistry registry, final String topology) {
        final String t = MetricNames.tracker(topology);
        tracked = StageMetrics.gauge(registry, t + ".in_flight");
        events = registry.counter(t + ".events");
        decisions = registry.counter(t + ".decisions");
        malformed = registry.counter(t + ".malformed");
        unknown = registry.counter(t + ".unknown");
        resets = registry.counter(t + ".resets");
        dead = registry.counter(t + ".dead");
        final String o = MetricNames.orchester(topology);
        orchesterQueued = StageMetrics.gauge(registry, o + ".queued");
        orchesterInFlight = StageMetrics.gauge(registry, o + ".in_flight");
        orchesterWorkers = StageMetrics.gauge(registry, o + ".workers");
        orchesterMalformed = StageMetrics.gauge(registry, o + ".malformed");
        orchesterRefused = StageMetrics.gauge(registry, o + ".refused");
        orchesterQueuedBytes = StageMetrics.gauge(registry, o + ".queued_bytes");
        orchesterForbidden = StageMetrics.gauge(registry, o + ".forbidden");
        orchesterRefusedKeys = StageMetrics.gauge(registry, o + ".refused_keys");
    }
}
