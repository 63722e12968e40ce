package io.satbus.cli;

import io.satbus.core.Endpoints;
import io.satbus.core.FileDescriptors;
import io.satbus.core.topology.Topology;
import io.satbus.orchester.Orchester;
import io.satbus.orchester.OrchesterConfig;
import io.satbus.orchester.PairRole;
import io.satbus.tracker.DeadMessage;
import io.satbus.tracker.Tracker;
import io.satbus.tracker.TrackerConfig;
import io.satbus.tracker.report.MetricsReporting;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.ZContext;

/**
 * The orchester with its tracker: by default the tracker runs in this process as its own actor,
 * linked over inproc; it may instead be a tracker process elsewhere (a TCP endpoint), or off
 * (the orchester then retries on its own, without deadlines). Metrics are reported where the
 * tracker runs: to Graphite when the topology names one, and on the local HTTP view, whose
 * /health is down while the orchester's loop does not turn. At start it logs the process's file
 * descriptors against what the topology needs ({@link DescriptorBudget}), as a warning when short.
 *
 * <p>Owned by the thread that started it.
 */
final class OrchesterRole implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OrchesterRole.class);

    /** How the tracker is reached. */
    enum Tracking { IN_PROCESS, REMOTE, OFF }

    private final ZContext context;
    private final Tracker tracker;
    private final Orchester orchester;
    private final MetricsReporting metrics;

    private OrchesterRole(final ZContext context, final Tracker tracker, final Orchester orchester,
                          final MetricsReporting metrics) {
        this.context = context;
        this.tracker = tracker;
        this.orchester = orchester;
        this.metrics = metrics;
    }

    /**
     * Starts the tracker (when in process), the orchester, and then the metrics (when in process),
     * whose /health asks the orchester's loop.
     *
     * @param remoteTracker the tracker's {@code tcp://HOST:PORT}, used with {@link Tracking#REMOTE}
     */
    static OrchesterRole start(final Topology topology, final Tracking tracking, final String remoteTracker) {
        return start(topology, tracking, remoteTracker, PairRole.PRIMARY);
    }

    /**
     * As {@link #start(Topology, Tracking, String)}, as {@code role}'s orchester of a pair. The
     * backup's metrics view, on the primary's host, takes any free port (it would clash with the
     * primary's); on a host of its own, the topology's.
     */
    static OrchesterRole start(final Topology paired, final Tracking tracking, final String remoteTracker,
                               final PairRole role) {
        final OrchesterConfig config = OrchesterConfig.from(paired, role);
        final Topology topology = role == PairRole.BACKUP && paired.tracker().httpPort() != 0
            && Endpoints.sameAddress(paired.orchester().host(), paired.orchester().backup().host())
            ? paired.withTracker(paired.tracker().withHttp(paired.tracker().httpHost(), 0)) : paired;
        final DescriptorBudget budget = DescriptorBudget.of(topology, FileDescriptors.now(),
            tracking == Tracking.IN_PROCESS);
        if (budget.belowNeed()) {
            LOG.warn("{}", budget.describe(topology.name()));
        } else {
            LOG.info("{}", budget.describe(topology.name()));
        }
        switch (tracking) {
            case OFF:
                return new OrchesterRole(null, null, Orchester.start(config), null);
            case REMOTE:
                return new OrchesterRole(null, null, Orchester.start(config, remoteTracker), null);
            default:
                final ZContext context = new ZContext(1);
                Tracker tracker = null;
                Orchester orchester = null;
                try {
                    tracker = Tracker.start(TrackerConfig.from(topology), context, Endpoints.trackerInproc(topology.name()));
                    orchester = Orchester.start(config, context, tracker.endpoint());
                    final MetricsReporting.Builder reporting = MetricsReporting.forRegistry(tracker.registry())
                        .liveness(orchester.liveness()).deadLetters(recentDead(tracker));
                    if (config.pair() != null) {
                        PairMetrics.register(tracker.registry(), topology.name(), orchester);
                        reporting.filter(PairMetrics.whileActive(topology.name(), orchester));
                    }
                    final MetricsReporting metrics = reporting.start(topology);
                    return new OrchesterRole(context, tracker, orchester, metrics);
                } catch (RuntimeException ex) {
                    if (orchester != null) {
                        orchester.close();
                    }
                    if (tracker != null) {
                        tracker.close();
                    }
                    context.close();
                    throw ex;
                }
        }
    }

    /** The tracker's last dead messages, for the live page; read from the HTTP view's thread. */
    private static Supplier<List<DeadMessage>> recentDead(final Tracker tracker) {
        return () -> tracker.status().recentDead();
    }

    Orchester orchester() {
        return orchester;
    }

    /** Graphite reporting and the local HTTP view of the in-process tracker's metrics, or null. */
    MetricsReporting metrics() {
        return metrics;
    }

    /** The in-process tracker, or null when it runs elsewhere or is off. */
    Tracker tracker() {
        return tracker;
    }

    @Override
    public void close() {
        orchester.close();
        if (metrics != null) {
            metrics.close();
        }
        if (tracker != null) {
            tracker.close();
        }
        if (context != null) {
            context.close();
        }
    }
}
