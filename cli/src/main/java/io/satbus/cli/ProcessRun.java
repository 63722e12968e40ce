package io.satbus.cli;

import io.satbus.core.topology.SatelliteSpec;
import io.satbus.core.topology.Topology;
import io.satbus.core.tracking.SatelliteFigures;
import io.satbus.orchester.OrchesterStatus;
import io.satbus.satellites.runtime.SatelliteRuntime;
import io.satbus.supervisor.ChildLauncher;
import io.satbus.supervisor.ControlService;
import io.satbus.supervisor.Supervisor;
import io.satbus.supervisor.SupervisorStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * A topology's pieces of one host as child processes of this one ({@link Supervisor}), with the
 * control service that answers {@code satbus status} and {@code satbus scale}. On a host
 * without the orchester, its status is asked from the orchester's admin service: for the live
 * view, and every {@link #REMOTE_FIGURES_MS} for autoscaling when a satellite of the host
 * autoscales. Its share of the run's accounting goes to the orchester's admin service every
 * second ({@link RunTotalsReporter}), for the tracker's metrics.
 *
 * <p>Owned by the command's thread.
 */
final class ProcessRun implements Run {
    private static final Duration ADMIN_TIMEOUT = Duration.ofMillis(500);
    /** How often a host without the orchester asks for its figures when it autoscales. */
    static final long REMOTE_FIGURES_MS = 1_000;

    private final Supervisor supervisor;
    private final SatelliteRuntime control;
    private final AdminClient admin;
    private final RunTotalsReporter reporter;
    private OrchesterStatus lastRemote;
    private long nextRemoteAskMs;

    private ProcessRun(final Supervisor supervisor, final SatelliteRuntime control, final AdminClient admin,
                       final RunTotalsReporter reporter) {
        this.supervisor = supervisor;
        this.control = control;
        this.admin = admin;
        this.reporter = reporter;
    }

    static ProcessRun start(final Topology topology, final Path baseDir, final String host, final ChildLauncher launcher,
                            final LongSupplier nowMs) {
        final Supervisor s = new Supervisor(topology, host, launcher, System::currentTimeMillis);
        s.start(nowMs.getAsLong());
        final SatelliteRuntime control;
        try {
            control = ControlService.start(s, baseDir);
        } catch (RuntimeException ex) {
            s.close();
            throw ex;
        }
        final List<String> endpoints = topology.orchester().serviceEndpoints();
        // With security on, a supervisor proves the supervisors' key, which may use the admin service.
        final java.util.function.Consumer<org.zeromq.ZMQ.Socket> curve = new KeyOption().curve(topology);
        final AdminClient admin = Supervisor.MAIN_HOST.equals(host) ? null : new AdminClient(endpoints, curve);
        return new ProcessRun(s, control, admin, new RunTotalsReporter(endpoints, host, curve));
    }

    Supervisor supervisor() {
        return supervisor;
    }

    @Override
    public void tick(final long nowMs) {
        if (admin != null && supervisor.autoscales() && nowMs >= nextRemoteAskMs) {
            askOrchester();
        }
        supervisor.doWork(nowMs);
        reporter.report(() -> supervisor.status().run(), () -> satelliteFigures(supervisor.topology(),
            supervisor.status()), nowMs);
    }

    /** Asks the orchester's admin service for its status; keeps the last answer, and hands a fresh one to autoscaling. */
    private OrchesterStatus askOrchester() {
        final Optional<String> reply = admin.ask(io.satbus.core.protocol.Mdp.ADMIN_SERVICE, "status", ADMIN_TIMEOUT);
        final long now = System.currentTimeMillis();
        if (reply.isPresent()) {
            lastRemote = OrchesterStatus.fromJson(reply.get());
            supervisor.orchesterFigures(lastRemote, now);
        }
        nextRemoteAskMs = now + REMOTE_FIGURES_MS;
        return lastRemote;
    }

    @Override
    public long pollMs() {
        return 2 * io.satbus.supervisor.ChildReport.DEFAULT_INTERVAL_MS;
    }

    @Override
    public RunSnapshot snapshot(final long elapsedMs) {
        final SupervisorStatus s = supervisor.status();
        OrchesterStatus o = s.orchester();
        if (admin != null) {
            o = askOrchester();
        }
        return snapshotOf(supervisor.topology(), elapsedMs, List.of(s), o);
    }

    /**
     * A run's snapshot from its supervisors' statuses: the satellites they run, in file order.
     * Without an orchester status (not up yet, or unreachable) the orchester counts as not drained.
     */
    static RunSnapshot snapshotOf(final Topology t, final long elapsedMs, final List<SupervisorStatus> supervisors,
                                  final OrchesterStatus orchester) {
        final List<SatelliteTotals> sats = new ArrayList<>();
        for (SatelliteSpec spec : t.satellites().values()) {
            for (SupervisorStatus s : supervisors) {
                final Integer wanted = s.wanted().get(spec.name());
                if (wanted != null) {
                    sats.add(SatelliteTotals.of(spec, wanted, s.instancesOf(spec.name()), s.endedOf(spec.name()),
                        p99(supervisors, spec.name()),
                        s.autoscale() == null ? null : s.autoscale().get(spec.name()), s.atMs()));
                }
            }
        }
        Failing orchesterFailing = null;
        for (SupervisorStatus s : supervisors) {
            if (orchesterFailing == null) {
                orchesterFailing = orchesterFailing(s);
            }
        }
        final OrchesterStatus o = orchester != null ? orchester : unknownOrchester(t.name());
        return new RunSnapshot(t.name(), elapsedMs, sats, o, RunSnapshot.servicesOf(t), orchesterFailing);
    }

    /**
     * Each satellite of {@code status}'s host, its own figures for the tracker's metrics: what it
     * sent, handled and gave up over all its processes, what it keeps unacknowledged now, its
     * restarts, flapping and running instances, and the heap its processes use.
     */
    static List<SatelliteFigures> satelliteFigures(final Topology t, final SupervisorStatus status) {
        final List<SatelliteFigures> figures = new ArrayList<>();
        for (SatelliteTotals s : snapshotOf(t, 0, List.of(status), null).satellites()) {
            long outstanding = 0;
            long heap = 0;
            for (SupervisorStatus.InstanceStatus i : status.instancesOf(s.name())) {
                if (i.report() != null) {
                    outstanding += i.report().outstanding();
                    heap += i.report().heapUsedBytes();
                }
            }
            figures.add(new SatelliteFigures(s.name(), s.sent(), outstanding, s.lost(), s.handled(), s.restarts(),
                s.flapping(), s.up(), heap));
        }
        return figures;
    }

    /**
     * The orchester's process when it is failing, or null; of a pair, whichever is failing, and
     * the bus stuck only while neither orchester can run (the other one routes meanwhile).
     */
    private static Failing orchesterFailing(final SupervisorStatus s) {
        final Failing primary = Failing.ofOrchester(s.orchesterProcess(), s.atMs());
        if (s.backupProcess() == null) {
            return primary;
        }
        final Failing backup = Failing.ofOrchester(s.backupProcess(), s.atMs());
        if (primary == null || backup == null) {
            final Failing one = primary != null ? primary : backup;
            return one == null ? null : new Failing(one.instance(), one.state(), one.restarts(), one.tries(),
                one.lastError(), false);
        }
        return primary;
    }

    private static Double p99(final List<SupervisorStatus> supervisors, final String satellite) {
        for (SupervisorStatus s : supervisors) {
            final Map<String, Double> p = s.latencyP99Ms();
            if (p != null && p.containsKey(satellite)) {
                return p.get(satellite);
            }
        }
        return null;
    }

    /** Stands in before the orchester's first report: not drained (one decision "awaited"), nothing queued. */
    private static OrchesterStatus unknownOrchester(final String topology) {
        return new OrchesterStatus(topology, 0, 0, 0, 0, 1, OrchesterStatus.CounterValues.ZERO, List.of(), List.of());
    }

    @Override
    public void stopRequested() {
        supervisor.stopRequested();
    }

    @Override
    public void stopSources() {
        supervisor.stopSources();
    }

    /** Satellites drain and stop, then the orchester; true when every child exited by the deadline. */
    @Override
    public boolean shutdown(final long deadlineMs, final LongSupplier nowMs) throws InterruptedException {
        supervisor.stopSatellites();
        control.close();
        while (!supervisor.satellitesStopped() && nowMs.getAsLong() < deadlineMs) {
            supervisor.doWork(nowMs.getAsLong());
            Thread.sleep(20);
        }
        reporter.reportNow(supervisor.status().run());
        satelliteFigures(supervisor.topology(), supervisor.status()).forEach(reporter::reportNow);
        supervisor.stopOrchester();
        while (!supervisor.allStopped() && nowMs.getAsLong() < deadlineMs) {
            supervisor.doWork(nowMs.getAsLong());
            Thread.sleep(20);
        }
        supervisor.doWork(nowMs.getAsLong());
        return supervisor.allStopped();
    }

    @Override
    public void close() {
        control.close();
        reporter.close();
        supervisor.close();
        if (admin != null) {
            admin.close();
        }
    }
}
