package io.satbus.tracker;

import com.codahale.metrics.Clock;
import com.codahale.metrics.Counter;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import io.satbus.core.tracking.Outcomes;
import java.util.concurrent.TimeUnit;

/**
 * The metrics of one satellite ({@code satbus.<topology>.<satellite>.*}) or of one of its
 * instances ({@code satbus.<topology>.<satellite>.<instance>.*}): LongAdder-backed counters,
 * an {@code in_flight} gauge and a {@code latency} timer (dispatch of an attempt to its reply,
 * on the tracker's injected clock, with the percentiles of about the last five minutes: see
 * {@link LatencyWindow}). See docs/metrics.md for what each counts.
 *
 * <p>Updated by the tracker thread; read by any thread through the registry.
 */
final class StageMetrics {
    final Counter dispatched;
    final Counter done;
    final Counter errors;
    final Counter timeouts;
    final Counter workerLost;
    /** Attempts whose worker was lost holding other requests too: not charged, tried again alone. */
    final Counter suspects;
    /** Null per instance: retries and dead letters belong to messages, not to workers. */
    final Counter retries;
    /** Null per instance. */
    final Counter dead;
    /** Requests the orchester gave up because they waited queued past queue_timeout (of dead). Null per instance. */
    final Counter expired;
    /** Requests the orchester gave up because they were larger than max_message_size (of dead). Null per instance. */
    final Counter tooLarge;
    /** Replies whose attempt was already done, failed or retried: dropped (the orchester's late_replies). */
    final Counter lateReplies;
    final Counter progress;
    final LongGauge inFlight;
    final Timer latency;

    StageMetrics(final MetricRegistry registry, final String prefix, final Clock clock, final boolean perInstance) {
        dispatched = registry.counter(prefix + ".dispatched");
        done = registry.counter(prefix + ".done");
        errors = registry.counter(prefix + ".errors");
        timeouts = registry.counter(prefix + ".timeouts");
        workerLost = registry.counter(prefix + ".worker_lost");
        suspects = registry.counter(prefix + ".suspects");
        retries = perInstance ? null : registry.counter(prefix + ".retries");
        dead = perInstance ? null : registry.counter(prefix + ".dead");
        expired = perInstance ? null : registry.counter(prefix + ".expired");
        tooLarge = perInstance ? null : registry.counter(prefix + ".too_large");
        lateReplies = registry.counter(prefix + ".late_replies");
        progress = registry.counter(prefix + ".progress");
        inFlight = gauge(registry, prefix + ".in_flight");
        latency = registry.timer(prefix + ".latency",
            () -> new Timer(new LatencyWindow(clock), clock));
    }

    /** A failed attempt, counted by its outcome. */
    void failed(final String outcome) {
        if (Outcomes.TIMEOUT.equals(outcome)) {
            timeouts.inc();
        } else if (Outcomes.WORKER_LOST.equals(outcome)) {
            workerLost.inc();
        } else {
            errors.inc();
        }
    }

    void latency(final long nanos) {
        latency.update(nanos, TimeUnit.NANOSECONDS);
    }

    /** The gauge registered under {@code name}, registering a new one if there is none. */
    static LongGauge gauge(final MetricRegistry registry, final String name) {
        return (LongGauge) registry.gauge(name, LongGauge::new);
    }
}
