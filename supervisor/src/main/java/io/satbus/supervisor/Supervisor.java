package io.satbus.supervisor;

import io.satbus.core.Endpoints;
import io.satbus.core.topology.SatelliteSpec;
import io.satbus.core.topology.Topology;
import io.satbus.orchester.OrchesterStatus;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the orchester (on the main host) and every satellite instance of one host running as
 * child processes: restarts what exits unexpectedly ({@link RestartPolicy}), applies scale
 * requests, resizes autoscaled satellites by their load ({@link Autoscaler}, through the same
 * path as scale requests), stops in order on request.
 *
 * <p>Agent-style: {@link #doWork(long)} is called by one thread, which owns every instance;
 * {@link #status()} and {@link #scale(String, int)} may be called from any thread.
 */
public final class Supervisor implements AutoCloseable {
    /** The host of satellites without {@code host:}; it runs the orchester. */
    public static final String MAIN_HOST = "main";

    private static final Logger LOG = LoggerFactory.getLogger(Supervisor.class);
    /** How long {@link #close()} waits for each killed child to be gone. */
    private static final long CLOSE_WAIT_MS = 5000;

    private final Topology topology;
    private final String host;
    private final Launcher launcher;
    private final LongSupplier epochMs;
    private final Instance orchester;
    /** The backup of an orchester pair, when this host runs it; else null. */
    private final Instance backup;
    private final Map<String, List<Instance>> satellites = new LinkedHashMap<>();
    private final Map<String, Integer> wanted = new LinkedHashMap<>();
    private final Queue<int[]> scaleRequests = new ConcurrentLinkedQueue<>();
    private final List<String> scaleNames = new ArrayList<>();
    private final Autoscaling autoscaling;
    /** Per instance slot, what its processes reported: kept after they exit. */
    private final SlotLedger ledger = new SlotLedger();
    private final long startedAtMs;
    private volatile SupervisorStatus status;
    /** Set once the run stops (any thread): nothing is restarted or autoscaled from then on. */
    private volatile boolean stopping;

    /**
     * @param host {@link #MAIN_HOST} (the orchester and every satellite without {@code host:}) or a
     *             host name of the topology (its satellites only)
     */
    public Supervisor(final Topology topology, final String host, final ChildLauncher launcher,
                      final LongSupplier epochMs) {
        this(topology, host, (Launcher) launcher, epochMs);
    }

    /** With any {@link Launcher}: a test's, on simulated time. */
    Supervisor(final Topology topology, final String host, final Launcher launcher, final LongSupplier epochMs) {
        this.topology = Objects.requireNonNull(topology, "topology");
        this.host = Objects.requireNonNull(host, "host");
        this.launcher = Objects.requireNonNull(launcher, "launcher");
        this.epochMs = epochMs;
        this.startedAtMs = epochMs.getAsLong();
        final boolean paired = topology.orchester().paired();
        this.orchester = MAIN_HOST.equals(host) ? new Instance(null, 0, topology.supervisor(), paired) : null;
        this.backup = runsBackup(topology, host) ? new Instance(null, Instance.BACKUP, topology.supervisor(), true) : null;
        for (SatelliteSpec s : topology.satellites().values()) {
            if (host.equals(s.host() == null ? MAIN_HOST : s.host())) {
                satellites.put(s.name(), new ArrayList<>());
                wanted.put(s.name(), s.instances());
            }
        }
        this.autoscaling = new Autoscaling(satellites());
        publish();
    }

    /**
     * True when {@code host} runs the backup of {@code t}'s orchester pair: the main host when the
     * backup shares the primary's address (one machine), else the host named as the backup's.
     */
    public static boolean runsBackup(final Topology t, final String host) {
        if (!t.orchester().paired()) {
            return false;
        }
        final String backupHost = t.orchester().backup().host();
        return Endpoints.sameAddress(backupHost, t.orchester().host()) ? MAIN_HOST.equals(host) : backupHost.equals(host);
    }

    public Topology topology() {
        return topology;
    }

    public String host() {
        return host;
    }

    /** Satellites of this host, in file order. */
    public List<SatelliteSpec> satellites() {
        return satellites.keySet().stream().map(topology::satellite).toList();
    }

    /** Starts the orchester, then workers, then sources, so that the first messages find workers. */
    public void start(final long nowMs) {
        if (orchester != null) {
            launch(orchester, nowMs);
        }
        if (backup != null) {
            launch(backup, nowMs);
        }
        for (boolean sources : new boolean[] {false, true}) {
            for (String name : satellites.keySet()) {
                if (topology.satellite(name).isSource() == sources) {
                    resize(name, wanted.get(name), nowMs);
                }
            }
        }
        publish();
    }

    /**
     * Notices exits, restarts what is due, applies scale requests, publishes the status.
     *
     * @return the number of actions taken (exits seen, starts, scale changes)
     */
    public int doWork(final long nowMs) {
        int work = 0;
        int[] request;
        while ((request = scaleRequests.poll()) != null) {
            final String name;
            synchronized (scaleNames) {
                name = scaleNames.get(request[0]);
            }
            if (stopping) {
                LOG.info("{}: not scaling to {}: the run is stopping", name, request[1]);
                continue;
            }
            final int before = wanted.put(name, request[1]);
            resize(name, request[1], nowMs);
            autoscaling.setByHand(name, nowMs, before, request[1]);
            LOG.info("{}: scaling {} -> {} by request", name, before, request[1]);
            work++;
        }
        if (orchester != null) {
            work += tend(orchester, nowMs);
        }
        if (backup != null) {
            work += tend(backup, nowMs);
        }
        for (List<Instance> list : satellites.values()) {
            for (Instance i : list) {
                work += tend(i, nowMs);
            }
            list.removeIf(i -> i.state == Instance.State.STOPPED && i.number >= wanted.get(i.satellite));
        }
        if (!stopping) {
            for (Map.Entry<String, Integer> change : autoscaling.decide(nowMs, epochMs.getAsLong(), routing(), satellites,
                wanted).entrySet()) {
                wanted.put(change.getKey(), change.getValue());
                resize(change.getKey(), change.getValue(), nowMs);
                work++;
            }
        }
        publish();
        return work;
    }

    /**
     * On a host without the orchester: its status as asked from its admin service, received at
     * {@code receivedAtMs} (this host's clock); what autoscaling acts on there. Thread-safe.
     */
    public void orchesterFigures(final OrchesterStatus figures, final long receivedAtMs) {
        autoscaling.remoteFigures(figures, receivedAtMs);
    }

    /** True when a satellite of this host autoscales. */
    public boolean autoscales() {
        return !autoscaling.isEmpty();
    }

    private int tend(final Instance i, final long nowMs) {
        switch (i.state) {
            case RUNNING:
                if (!i.child.alive() && stopping) {
                    endedWhileStopping(i);
                    return 1;
                }
                if (!i.child.alive()) {
                    final boolean reported = childEnded(i) != null;
                    i.lastExit = i.child.exitCode();
                    i.lastError = i.child.exitReason();
                    i.failedStarts = reported ? 0 : i.failedStarts + 1;
                    i.nextStartMs = i.policy.onExit(nowMs);
                    i.state = i.policy.flapping(nowMs) ? Instance.State.FLAPPING : Instance.State.BACKOFF;
                    LOG.warn("{} (pid {}) ended, {}; {} in {} ms", i.label, i.child.pid(),
                        i.lastError, i.state == Instance.State.FLAPPING ? "FLAPPING, held off" : "restarting",
                        i.nextStartMs - nowMs);
                    return 1 + tend(i, nowMs);
                }
                if (i.failedStarts > 0 && i.child.report() != null) {
                    i.failedStarts = 0;
                }
                return 0;
            case BACKOFF:
            case FLAPPING:
                if (stopping) {
                    i.state = Instance.State.STOPPED;
                    return 1;
                }
                if (nowMs >= i.nextStartMs) {
                    i.restarted(epochMs.getAsLong());
                    launch(i, nowMs);
                    return 1;
                }
                return 0;
            case STOPPING:
                if (!i.child.alive()) {
                    childEnded(i);
                    i.state = Instance.State.STOPPED;
                    LOG.info("{} (pid {}) stopped with code {}", i.label, i.child.pid(), i.child.exitCode());
                    if (i.relaunch && !stopping) {
                        i.relaunch = false;
                        launch(i, nowMs);
                    }
                    return 1;
                }
                return 0;
            default:
                return 0;
        }
    }

    /**
     * A child that ended on its own once the run was stopping is not restarted: stopping wins. It
     * ended cleanly when it exited 0 with nothing left in hand in its last report (a child that
     * took the process group's SIGTERM and drained); otherwise it is {@code EXITED}, with why, and
     * the run cannot be called drained (what it held is not accounted for).
     */
    private void endedWhileStopping(final Instance i) {
        final ChildReport last = childEnded(i);
        final boolean source = i.satellite != null && topology.satellite(i.satellite).isSource();
        final boolean clean = i.child.exitCode() == 0 && (i.satellite == null || last != null && last.idle(source));
        if (clean) {
            i.state = Instance.State.STOPPED;
            LOG.info("{} (pid {}) stopped on its own with code 0 while the run stopped", i.label, i.child.pid());
            return;
        }
        i.lastExit = i.child.exitCode();
        i.lastError = i.child.exitReason();
        i.state = Instance.State.EXITED;
        LOG.warn("{} (pid {}) ended while the run stopped, {}; not restarted", i.label, i.child.pid(), i.lastError);
    }

    /**
     * Hands the last report of {@code i}'s exited child to the {@link #ledger}, which keeps it for
     * the slot; returns that report, null when the child never reported.
     */
    private ChildReport childEnded(final Instance i) {
        final ChildReport r = i.child.finalReport();
        i.childEnded = true;
        if (i.satellite != null) {
            ledger.exited(i.satellite, i.number, r);
        }
        return r;
    }

    private void launch(final Instance i, final long nowMs) {
        try {
            final SatelliteSpec spec = i.satellite == null ? null : topology.satellite(i.satellite);
            i.child = spec != null && spec.isCommand() ? launcher.startCommand(topology, spec, i.number, i.label)
                : launcher.start(i.satellite, i.number, i.label);
            i.childEnded = false;
            i.state = Instance.State.RUNNING;
            LOG.info("{} started, pid {}", i.label, i.child.pid());
        } catch (IOException ex) {
            i.lastError = "could not start: " + ex.getMessage();
            i.failedStarts++;
            i.nextStartMs = i.policy.onExit(nowMs);
            i.state = i.policy.flapping(nowMs) ? Instance.State.FLAPPING : Instance.State.BACKOFF;
            LOG.error("{} : could not start a process ({}); retrying in {} ms", i.label, ex.getMessage(),
                i.nextStartMs - nowMs);
        }
    }

    private void resize(final String name, final int n, final long nowMs) {
        final List<Instance> list = satellites.get(name);
        for (Instance i : list) {
            if (i.number >= n && !i.stoppingOrStopped()) {
                stop(i);
            } else if (i.number < n && i.state == Instance.State.STOPPING) {
                // Wanted again while it drains: start it afresh once it has stopped.
                i.relaunch = true;
            }
        }
        for (int k = 0; k < n; k++) {
            final int number = k;
            if (list.stream().noneMatch(i -> i.number == number && i.state != Instance.State.STOPPED)) {
                list.removeIf(i -> i.number == number);
                final Instance i = new Instance(name, k, topology.supervisor());
                list.add(i);
                launch(i, nowMs);
            }
        }
        list.sort((a, b) -> Integer.compare(a.number, b.number));
    }

    private static void stop(final Instance i) {
        i.relaunch = false;
        if (i.state == Instance.State.RUNNING) {
            i.child.requestStop();
            i.state = Instance.State.STOPPING;
        } else if (i.state != Instance.State.STOPPING && i.state != Instance.State.EXITED) {
            i.state = Instance.State.STOPPED;
        }
    }

    /**
     * The run is stopping (a signal arrived): from now on no child is restarted and nothing is
     * autoscaled. Thread-safe: a signal handler calls it, before the loop's thread gets to stop.
     */
    public void stopRequested() {
        stopping = true;
    }

    /**
     * Asks for {@code n} instances of {@code satellite}; applied by the next {@link #doWork}.
     * Thread-safe.
     *
     * <p>An autoscaled satellite takes a count within its {@code min..max} only; its rule goes on
     * from there.
     *
     * @throws IllegalArgumentException naming the satellite or count when this host cannot do it
     */
    public void scale(final String satellite, final int n) {
        if (!satellites.containsKey(satellite)) {
            throw new IllegalArgumentException("satellite : " + satellite + " (expected one of this host's: "
                + satellites.keySet() + ")");
        }
        if (n < 0 || n > SatelliteSpec.MAX_INSTANCES) {
            throw new IllegalArgumentException("instances : " + n + " (expected: 0.." + SatelliteSpec.MAX_INSTANCES + ")");
        }
        autoscaling.checkByHand(satellite, n);
        synchronized (scaleNames) {
            int idx = scaleNames.indexOf(satellite);
            if (idx < 0) {
                scaleNames.add(satellite);
                idx = scaleNames.size() - 1;
            }
            scaleRequests.add(new int[] {idx, n});
        }
    }

    /** Asks every source to drain and exit; they are not restarted. Autoscaling stops here. */
    public void stopSources() {
        stopping = true;
        satellites.forEach((name, list) -> {
            if (topology.satellite(name).isSource()) {
                list.forEach(Supervisor::stop);
            }
        });
    }

    /** Asks every satellite to drain and exit. */
    public void stopSatellites() {
        stopping = true;
        satellites.values().forEach(list -> list.forEach(Supervisor::stop));
    }

    /** Asks the orchester (with its tracker) to stop. */
    public void stopOrchester() {
        if (orchester != null) {
            stop(orchester);
        }
        if (backup != null) {
            stop(backup);
        }
    }

    /** True when no satellite process of this host runs. */
    public boolean satellitesStopped() {
        return satellites.values().stream().flatMap(List::stream).allMatch(i -> i.child == null || !i.child.alive());
    }

    /** True when no child process runs. */
    public boolean allStopped() {
        return satellitesStopped() && (orchester == null || orchester.child == null || !orchester.child.alive())
            && (backup == null || backup.child == null || !backup.child.alive());
    }

    /** The latest status; thread-safe. */
    public SupervisorStatus status() {
        return status;
    }

    /**
     * Each instance's current report is read once here and used both for its status and for what
     * the ledger adds to it, so that one status never counts a slot's cumulative report twice
     * (or not at all) while a report arrives.
     */
    private void publish() {
        final List<SupervisorStatus.InstanceStatus> list = new ArrayList<>();
        final Map<String, SupervisorStatus.Counts> ended = new LinkedHashMap<>();
        RunTotals run = RunTotals.NONE;
        for (Map.Entry<String, List<Instance>> e : satellites.entrySet()) {
            final Map<Integer, ChildReport> current = new HashMap<>();
            for (Instance i : e.getValue()) {
                final ChildReport r = i.currentReport();
                ledger.reported(e.getKey(), i.number, r);
                if (r != null) {
                    current.put(i.number, r);
                }
                list.add(i.status(r));
            }
            final SupervisorStatus.Counts notCarried = ledger.notCarried(e.getKey(), current::get);
            if (notCarried.processes() > 0) {
                ended.put(e.getKey(), notCarried);
            }
            run = run.plus(RunTotals.of(topology.satellite(e.getKey()), ledger.total(e.getKey(), current)));
        }
        final Instance routing = routing();
        final ChildReport o = routing == null || routing.child == null ? null : routing.child.report();
        final OrchesterStatus os = o == null ? null : o.orchester();
        List<OrchesterStatus> pair = null;
        if (backup != null && orchester != null) {
            pair = new ArrayList<>(2);
            for (Instance i : new Instance[] {orchester, backup}) {
                final ChildReport r = i.child == null ? null : i.child.report();
                pair.add(r == null ? null : r.orchester());
            }
        }
        status = new SupervisorStatus(topology.name(), host, ProcessHandle.current().pid(), epochMs.getAsLong(),
            new LinkedHashMap<>(wanted), list, orchester == null ? null : orchester.status(orchester.currentReport()), os,
            o == null ? null : o.latencyP99Ms(), autoscaling.status(), ended, run, startedAtMs,
            backup == null ? null : backup.status(backup.currentReport()), pair);
    }

    /**
     * The orchester that routes: the only one, or of a pair on this host the one whose last
     * report says it is active (the primary while neither says so).
     */
    private Instance routing() {
        if (backup == null || orchester == null) {
            return orchester != null ? orchester : backup;
        }
        final ChildReport b = backup.currentReport();
        if (b != null && b.orchester() != null && b.orchester().routes()) {
            final ChildReport p = orchester.currentReport();
            if (p == null || p.orchester() == null || !p.orchester().routes()) {
                return backup;
            }
        }
        return orchester;
    }

    /** Kills every child still running (SIGKILL) and waits for them, briefly. */
    @Override
    public void close() {
        final List<Child> alive = new ArrayList<>();
        satellites.values().forEach(l -> l.forEach(i -> {
            if (i.child != null && i.child.alive()) {
                alive.add(i.child);
            }
        }));
        if (orchester != null && orchester.child != null && orchester.child.alive()) {
            alive.add(orchester.child);
        }
        if (backup != null && backup.child != null && backup.child.alive()) {
            alive.add(backup.child);
        }
        for (Child c : alive) {
            LOG.warn("{} still running at close; killing it", c.pid());
            c.kill();
        }
        for (Child c : alive) {
            try {
                c.awaitExit(CLOSE_WAIT_MS);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
