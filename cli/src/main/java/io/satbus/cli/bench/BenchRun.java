package io.satbus.cli.bench;

import io.satbus.core.Endpoints;
import io.satbus.core.topology.SatelliteSpec;
import io.satbus.core.topology.Topology;
import io.satbus.orchester.Orchester;
import io.satbus.orchester.OrchesterConfig;
import io.satbus.orchester.OrchesterStatus;
import io.satbus.satellites.api.Satellite;
import io.satbus.satellites.api.Source;
import io.satbus.satellites.runtime.RuntimeSettings;
import io.satbus.satellites.runtime.SatelliteFactory;
import io.satbus.satellites.runtime.SatelliteRuntime;
import io.satbus.tracker.Tracker;
import io.satbus.tracker.TrackerConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Recorder;
import org.zeromq.ZContext;

/**
 * One variant running in this process: the tracker (unless off) and the orchester sharing one
 * ZeroMQ context over inproc, then every worker instance, then the sources, each on its runtime
 * thread. Every sink (a satellite that sends and publishes nothing) is wrapped in a
 * {@link LatencyProbe} recording into {@link #latency()}.
 *
 * <p>Owned by the bench thread; the stats it hands out are thread-safe.
 */
final class BenchRun implements AutoCloseable {
    private final Topology topology;
    private final ZContext context;
    private final Tracker tracker;
    private final Orchester orchester;
    /** One context, one I/O thread, for every satellite of the run (as {@code satbus run} does). */
    private final ZContext satelliteContext = new ZContext(1);
    private final Recorder latency = LatencyProbe.newRecorder();
    private final Map<String, List<SatelliteRuntime>> runtimes = new LinkedHashMap<>();

    private BenchRun(final Topology topology, final ZContext context, final Tracker tracker, final Orchester orchester) {
        this.topology = topology;
        this.context = context;
        this.tracker = tracker;
        this.orchester = orchester;
    }

    static BenchRun start(final BenchTopology bt, final Path baseDir) {
        final Topology t = bt.topology();
        final List<List<Satellite>> built = new ArrayList<>();
        for (final SatelliteSpec spec : t.satellites().values()) {
            final List<Satellite> instances = new ArrayList<>();
            for (int i = 0; i < spec.instances(); i++) {
                instances.add(SatelliteFactory.create(spec, baseDir));
            }
            built.add(instances);
        }
        final ZContext context = bt.tracking() ? new ZContext(1) : null;
        Tracker tracker = null;
        BenchRun run = null;
        try {
            final OrchesterConfig config = OrchesterConfig.from(t);
            if (context != null) {
                tracker = Tracker.start(TrackerConfig.from(t), context, Endpoints.trackerInproc(t.name()));
            }
            final Orchester orchester = context == null ? Orchester.start(config)
                : Orchester.start(config, context, tracker.endpoint());
            run = new BenchRun(t, context, tracker, orchester);
            run.startSatellites(built, baseDir, true);
            run.startSatellites(built, baseDir, false);
            return run;
        } catch (RuntimeException ex) {
            if (run != null) {
                run.close();
            } else {
                if (tracker != null) {
                    tracker.close();
                }
                if (context != null) {
                    context.close();
                }
            }
            throw ex;
        }
    }

    private void startSatellites(final List<List<Satellite>> built, final Path baseDir, final boolean workers) {
        int index = 0;
        for (final SatelliteSpec spec : topology.satellites().values()) {
            final List<Satellite> instances = built.get(index++);
            if (spec.isWorker() != workers) {
                continue;
            }
            final List<SatelliteRuntime> list = new ArrayList<>();
            runtimes.put(spec.name(), list);
            for (int i = 0; i < instances.size(); i++) {
                list.add(SatelliteRuntime.start(topology, spec, i, probed(spec, instances.get(i)), baseDir,
                    RuntimeSettings.forTopology(topology), satelliteContext));
            }
        }
    }

    private Satellite probed(final SatelliteSpec spec, final Satellite s) {
        final boolean terminal = spec.sendTo() == null && spec.publish().isEmpty();
        return terminal && !(s instanceof Source) ? new LatencyProbe(s, latency, LatencyProbe.EPOCH_MICROS) : s;
    }

    Topology topology() {
        return topology;
    }

    /** End-to-end latencies recorded by the sinks, in microseconds. */
    Recorder latency() {
        return latency;
    }

    /** The runtimes of each satellite, in file order (workers first as started). */
    List<SatelliteRuntime> runtimes(final String satellite) {
        return runtimes.getOrDefault(satellite, List.of());
    }

    OrchesterStatus status() {
        return orchester.status();
    }

    /**
     * Sources first, stopped gracefully (they stop producing and wait, up to the stop grace, for
     * their sends in flight to be acknowledged), so that nothing new enters while the rest closes.
     */
    @Override
    public void close() {
        for (final SatelliteSpec spec : topology.satellites().values()) {
            if (!spec.isWorker()) {
                runtimes(spec.name()).forEach(SatelliteRuntime::stop);
            }
        }
        for (final SatelliteSpec spec : topology.satellites().values()) {
            if (spec.isWorker()) {
                runtimes(spec.name()).forEach(SatelliteRuntime::close);
            }
        }
        satelliteContext.close();
        orchester.close();
        if (tracker != null) {
            tracker.close();
        }
        if (context != null) {
            context.close();
        }
    }
}
