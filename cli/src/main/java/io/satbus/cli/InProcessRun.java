package io.satbus.cli;

import io.satbus.core.Endpoints;
import io.satbus.core.topology.SatelliteSpec;
import io.satbus.core.topology.Topology;
import io.satbus.core.tracking.SatelliteFigures;
import io.satbus.orchester.OrchesterStatus;
import io.satbus.satellites.api.Satellite;
import io.satbus.satellites.runtime.RuntimeSettings;
import io.satbus.satellites.runtime.SatelliteFactory;
import io.satbus.satellites.runtime.SatelliteRuntime;
import io.satbus.supervisor.CommandSatellite;
import io.satbus.supervisor.Supervisor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.ZContext;

/**
 * A whole topology in this process: the orchester and one runtime thread per satellite
 * instance. Every satellite is created before anything starts, so a topology that cannot be
 * built starts nothing.
 *
 * <p>It does not autoscale: each satellite runs its {@code instances} (for an autoscaled one,
 * by default its {@code min}); it says so once at start.
 *
 * <p>Its accounting goes to the orchester's admin service every second ({@link RunTotalsReporter}),
 * for the tracker's metrics, as a supervisor's does.
 *
 * <p>Owned by the thread that started it; {@link #snapshot()} reads only thread-safe stats.
 */
final class InProcessRun implements Run {
    private static final Logger LOG = LoggerFactory.getLogger(InProcessRun.class);

    private final Topology topology;
    private final Path baseDir;
    private final OrchesterRole orchester;
    private final Map<String, List<Satellite>> satellites;
    private final Map<String, List<SatelliteRuntime>> runtimes;
    /** One context, one I/O thread, for every satellite of the run: fewer threads to wake per message. */
    private final ZContext satelliteContext = new ZContext(1);
    private final RunTotalsReporter reporter;

    private InProcessRun(final Topology topology, final Path baseDir, final OrchesterRole orchester,
                         final Map<String, List<Satellite>> satellites, final Map<String, List<SatelliteRuntime>> runtimes) {
        this.topology = topology;
        this.baseDir = baseDir;
        this.orchester = orchester;
        this.satellites = satellites;
        this.runtimes = runtimes;
        this.reporter = new RunTotalsReporter(List.of(Endpoints.tcp(topology.orchester().host(),
            topology.orchester().servicePort())), Supervisor.MAIN_HOST, new KeyOption().curve(topology));
    }

    /** Starts the orchester, then workers, then sources, so that the first messages find workers. */
    static InProcessRun start(final Topology topology, final Path baseDir) {
        return start(topology, baseDir, OrchesterRole.Tracking.IN_PROCESS, null);
    }

    /** As {@link #start(Topology, Path)}, with the tracker where {@code tracking} says. */
    static InProcessRun start(final Topology paired, final Path baseDir, final OrchesterRole.Tracking tracking,
                              final String remoteTracker) {
        // One process is one host: an orchester pair protects against losing a host, so in process
        // the orchester runs alone (its backup is for satbus run without --in-process).
        final Topology topology = paired.orchester().paired()
            ? paired.with(paired.orchester().withBackup(null), paired.satellites()) : paired;
        if (paired.orchester().paired()) {
            LOG.info("orchester.backup is not started in process (--in-process): one orchester");
        }
        CommandSatellite.refuse(topology, "--in-process",
            "satbus run without --in-process, which starts it as a process of its own");
        final List<String> autoscaled = topology.satellites().values().stream().filter(s -> s.autoscale() != null)
            .map(s -> s.name() + " x" + s.instances()).toList();
        if (!autoscaled.isEmpty()) {
            LOG.info("autoscale is not applied in process (--in-process); fixed instances: {}", autoscaled);
        }
        final Map<String, List<Satellite>> built = new LinkedHashMap<>();
        for (SatelliteSpec spec : topology.satellites().values()) {
            final List<Satellite> instances = new ArrayList<>();
            for (int i = 0; i < spec.instances(); i++) {
                instances.add(SatelliteFactory.create(spec, baseDir));
            }
            built.put(spec.name(), instances);
        }
        final OrchesterRole orchester = OrchesterRole.start(topology, tracking, remoteTracker);
        final Map<String, List<SatelliteRuntime>> runtimes = new LinkedHashMap<>();
        final InProcessRun run = new InProcessRun(topology, baseDir, orchester, built, runtimes);
        try {
            run.startAll(built, true);
            run.startAll(built, false);
        } catch (RuntimeException ex) {
            run.close();
            throw ex;
        }
        return run;
    }

    private void startAll(final Map<String, List<Satellite>> built, final boolean workers) {
        for (SatelliteSpec spec : topology.satellites().values()) {
            if (spec.isWorker() != workers) {
                continue;
            }
            final List<SatelliteRuntime> list = new ArrayList<>();
            runtimes.put(spec.name(), list);
            final List<Satellite> instances = built.get(spec.name());
            for (int i = 0; i < instances.size(); i++) {
                list.add(startInstance(spec, i, instances.get(i)));
            }
        }
    }

    private SatelliteRuntime startInstance(final SatelliteSpec spec, final int instance, final Satellite satellite) {
        return SatelliteRuntime.start(topology, spec, instance, satellite, baseDir, RuntimeSettings.forTopology(topology),
            satelliteContext);
    }

    Topology topology() {
        return topology;
    }

    /** The orchester and its tracker; for tests that read metrics and status. */
    OrchesterRole orchester() {
        return orchester;
    }

    /** The runtimes of {@code satellite}, in instance order; for tests that inject faults. */
    List<SatelliteRuntime> runtimes(final String satellite) {
        return runtimes.getOrDefault(satellite, List.of());
    }

    /** The satellite object of instance {@code instance}; for tests that read its own counters. */
    Satellite satellite(final String satellite, final int instance) {
        return satellites.get(satellite).get(instance);
    }

    /**
     * Kills instance {@code instance} of {@code satellite} as a crash would (no DISCONNECT; the
     * orchester finds out by heartbeat) and starts a fresh object in its place; for tests of
     * recovery. The old instance's counters leave the totals.
     */
    SatelliteRuntime restart(final String satellite, final int instance) {
        final SatelliteSpec spec = topology.satellite(satellite);
        final List<SatelliteRuntime> list = runtimes.get(satellite);
        list.get(instance).kill();
        final Satellite fresh = SatelliteFactory.create(spec, baseDir);
        satellites.get(satellite).set(instance, fresh);
        final SatelliteRuntime runtime = startInstance(spec, instance, fresh);
        list.set(instance, runtime);
        return runtime;
    }

    /**
     * Counters of every satellite and of the orchester. Satellites are read in file order and
     * the orchester last, so that a message moving downstream while we read is seen somewhere.
     */
    @Override
    public RunSnapshot snapshot(final long elapsedMs) {
        final List<SatelliteTotals> sats = new ArrayList<>();
        for (SatelliteSpec spec : topology.satellites().values()) {
            sats.add(SatelliteTotals.of(spec, runtimes(spec.name())));
        }
        final OrchesterStatus status = orchester.orchester().status();
        return new RunSnapshot(topology.name(), elapsedMs, sats, status, RunSnapshot.servicesOf(topology));
    }

    /** Asks every source to stop producing; workers go on serving until everything is drained. */
    @Override
    public void stopSources() {
        for (SatelliteSpec spec : topology.satellites().values()) {
            if (spec.isSource()) {
                runtimes(spec.name()).forEach(SatelliteRuntime::stop);
            }
        }
    }

    /**
     * Waits until nothing is left to do, or the deadline passes. Drained is seen twice in a row,
     * {@code pollMs} apart, so that a message caught between two readings is not missed.
     */
    boolean awaitDrained(final long deadlineMs, final long pollMs, final LongSupplier nowMs) throws InterruptedException {
        return awaitDrained(deadlineMs, nowMs);
    }

    @Override
    public long pollMs() {
        return 50;
    }

    @Override
    public void tick(final long nowMs) {
        reporter.report(() -> snapshot(0).totals(), () -> snapshot(0).satellites().stream()
            .map(t -> new SatelliteFigures(t.name(), t.sent(), t.outstanding(), t.lost(), t.handled(), 0, 0, t.up(), 0))
            .toList(), nowMs);
    }

    /** Everything runs in this process: {@link #close()} stops it at once. */
    @Override
    public boolean shutdown(final long deadlineMs, final LongSupplier nowMs) {
        reporter.reportNow(snapshot(0).totals());
        return true;
    }

    @Override
    public void close() {
        reporter.close();
        runtimes.values().forEach(list -> list.forEach(SatelliteRuntime::close));
        satelliteContext.close();
        orchester.close();
    }
}
