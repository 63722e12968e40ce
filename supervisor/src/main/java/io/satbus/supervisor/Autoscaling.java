package io.satbus.supervisor;

import io.satbus.core.topology.SatelliteSpec;
import io.satbus.orchester.OrchesterStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Autoscaler}s of one supervisor's satellites and what they read: the orchester's
 * status (its child's report on the main host, the admin service's answer on another host) and
 * the supervisor's instances. Says which satellites to resize; the supervisor resizes them the
 * way it applies a scale request.
 *
 * <p>The supervisor's loop thread calls everything but {@link #remoteFigures}, which any thread
 * may call; the autoscalers map is fixed at construction.
 */
final class Autoscaling {
    /** Orchester figures older than this are not acted on: its process may hang or be gone. */
    static final long STALE_FIGURES_MS = 5_000;

    private static final Logger LOG = LoggerFactory.getLogger(Autoscaling.class);

    private final Map<String, Autoscaler> autoscalers = new LinkedHashMap<>();
    private final Map<String, String> services = new LinkedHashMap<>();
    private volatile Figures remote;

    /** The orchester's status as another host's supervisor received it, and when (its own clock). */
    private record Figures(OrchesterStatus status, long receivedAtMs) {
    }

    /** For those of {@code satellites} that have an autoscale rule. */
    Autoscaling(final List<SatelliteSpec> satellites) {
        for (SatelliteSpec s : satellites) {
            if (s.autoscale() != null) {
                autoscalers.put(s.name(), new Autoscaler(s.name(), s.autoscale(), s.credit()));
                services.put(s.name(), s.service());
                LOG.info("{} autoscales within {}..{} by its load: up after {} ms at >= {}, down after {} ms at <= {}",
                    s.name(), s.autoscale().min(), s.autoscale().max(), s.autoscale().upAfterMs(), s.autoscale().high(),
                    s.autoscale().downAfterMs(), s.autoscale().low());
            }
        }
    }

    boolean isEmpty() {
        return autoscalers.isEmpty();
    }

    /** Throws when {@code satellite} autoscales and {@code n} lies outside its range. Thread-safe. */
    void checkByHand(final String satellite, final int n) {
        final Autoscaler a = autoscalers.get(satellite);
        if (a != null && !a.rule().allows(n)) {
            throw new IllegalArgumentException("instances : " + n + " (expected: " + a.rule().min() + ".." + a.rule().max()
                + ", the autoscale range of " + satellite + "; change autoscale in the topology for others)");
        }
    }

    /** A count set by hand: the rule of {@code satellite}, if any, goes on from there. */
    void setByHand(final String satellite, final long nowMs, final int from, final int to) {
        final Autoscaler a = autoscalers.get(satellite);
        if (a != null) {
            a.setByHand(nowMs, from, to);
        }
    }

    /** On a host without the orchester: its admin status (or null when unanswered) received at {@code receivedAtMs}. */
    void remoteFigures(final OrchesterStatus figures, final long receivedAtMs) {
        remote = figures == null ? null : new Figures(figures, receivedAtMs);
    }

    /**
     * Asks each autoscaler; returns the satellites whose count is to change, with the new count.
     *
     * @param orchester the orchester instance on the main host, else null
     * @param epochMs   now by the wall clock, to judge the figures' age
     */
    Map<String, Integer> decide(final long nowMs, final long epochMs, final Instance orchester,
                                final Map<String, List<Instance>> satellites, final Map<String, Integer> wanted) {
        final Map<String, Integer> changes = new LinkedHashMap<>();
        if (autoscalers.isEmpty()) {
            return changes;
        }
        final OrchesterStatus figures = figures(orchester, epochMs);
        for (Map.Entry<String, Autoscaler> e : autoscalers.entrySet()) {
            final String name = e.getKey();
            final int n = wanted.get(name);
            final int target = e.getValue().decide(nowMs, observe(name, n, satellites.get(name), figures));
            if (target != n) {
                LOG.info("{}", e.getValue().lastDecision());
                changes.put(name, target);
            }
        }
        return changes;
    }

    /** The orchester's latest status, or null when there is none or it is older than {@link #STALE_FIGURES_MS}. */
    private OrchesterStatus figures(final Instance orchester, final long epochMs) {
        if (orchester != null) {
            final ChildReport r = orchester.state == Instance.State.RUNNING ? orchester.child.report() : null;
            final OrchesterStatus os = r == null ? null : r.orchester();
            return os != null && epochMs - os.atMs() <= STALE_FIGURES_MS ? os : null;
        }
        final Figures f = remote;
        return f != null && epochMs - f.receivedAtMs() <= STALE_FIGURES_MS ? f.status() : null;
    }

    /**
     * What the autoscaler of {@code name} sees: an instance is ready when it runs, has reported,
     * and is registered as a worker of the satellite's service at the orchester.
     */
    private Autoscaler.Observation observe(final String name, final int n, final List<Instance> instances,
                                           final OrchesterStatus figures) {
        final OrchesterStatus.ServiceStatus svc = figures == null ? null : figures.service(services.get(name));
        int ready = 0;
        boolean flapping = false;
        for (Instance i : instances) {
            if (i.number >= n) {
                continue;
            }
            flapping |= i.state == Instance.State.FLAPPING;
            if (i.state == Instance.State.RUNNING && i.child.report() != null && svc != null
                && svc.workers().stream().anyMatch(w -> w.satellite().equals(name) && w.instance() == i.number)) {
                ready++;
            }
        }
        if (figures == null) {
            return Autoscaler.Observation.unknown(n, ready, flapping);
        }
        return new Autoscaler.Observation(n, ready, flapping, svc == null ? 0 : svc.queueDepth(),
            svc == null ? 0 : svc.inFlight(), true);
    }

    /** Each autoscaled satellite's rule and state, or null when none autoscales. */
    Map<String, SupervisorStatus.AutoscaleStatus> status() {
        if (autoscalers.isEmpty()) {
            return null;
        }
        final Map<String, SupervisorStatus.AutoscaleStatus> m = new LinkedHashMap<>();
        autoscalers.forEach((name, a) -> m.put(name, a.status()));
        return m;
    }
}
