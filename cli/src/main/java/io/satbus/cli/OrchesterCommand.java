package io.satbus.cli;

import com.codahale.metrics.Timer;
import io.satbus.core.Endpoints;
import io.satbus.core.topology.OrchesterSpec;
import io.satbus.core.topology.Topology;
import io.satbus.orchester.LoopWatchdog;
import io.satbus.orchester.Orchester;
import io.satbus.orchester.PairRole;
import io.satbus.supervisor.ChildReport;
import io.satbus.supervisor.ParentWatch;
import io.satbus.tracker.MetricNames;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code satbus orchester TOPOLOGY}: the orchester alone, on the topology's endpoints, so
 * that satellites and clients in other processes and languages can join it.
 *
 * <p>A process that cannot go on ends, so that its supervisor starts a new one
 * ({@link FatalErrors}): a watchdog ends it with {@link FatalErrors#EXIT_FATAL} when the routing
 * loop died or has not turned for {@link Orchester#LOOP_STALL_BOUND_MS}, and it warns at start
 * when the JVM would not exit on an out-of-memory error.
 */
@Command(name = "orchester", mixinStandardHelpOptions = true,
    description = "Run the orchester alone on the topology's endpoints until Ctrl-C.")
final class OrchesterCommand implements Callable<Integer> {
    private static final double NANOS_PER_MS = 1_000_000.0;
    private static final Logger LOG = LoggerFactory.getLogger(OrchesterCommand.class);

    @Mixin
    private final TopologyOption topology = new TopologyOption();

    @Mixin
    private final TrackingOptions tracking = new TrackingOptions();

    @Option(names = "--backup",
        description = "Run the backup of the orchester pair (orchester.backup): on its host and ports, passive while "
            + "the primary is active, taking over when the primary is silent and a satellite turns to it.")
    private boolean backup;

    @Option(names = "--supervised", hidden = true,
        description = "Run as a child of 'satbus run': report on stdout, obey stdin, exit when the supervisor is gone.")
    private boolean supervised;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        final Topology t = tracking.apply(topology.load());
        if (backup && !t.orchester().paired()) {
            throw new IllegalArgumentException("--backup : topology " + t.name() + " has no orchester.backup (expected: "
                + "an orchester.backup section in the topology, or no --backup)");
        }
        final PairRole role = backup ? PairRole.BACKUP : PairRole.PRIMARY;
        final OrchesterSpec o = backup ? t.orchester().asBackup() : t.orchester();
        final StopSignal stop = supervised ? StopSignal.installSupervised() : StopSignal.install();
        if (supervised) {
            Thread.currentThread().setName("orchester");
            ParentWatch.start(stop::request, stop::request);
        }
        final PrintWriter out = spec.commandLine().getOut();
        if (!FatalErrors.exitsOnOutOfMemory()) {
            LOG.warn("orchester {} : JVM option -XX:+ExitOnOutOfMemoryError is off (expected: on, as satbus run and the"
                + " satbus script set it, so that a process out of memory ends and is restarted instead of hanging)",
                t.name());
        }
        try (OrchesterRole running = OrchesterRole.start(t, tracking.mode(), tracking.remote, role);
             LoopWatchdog watchdog = running.orchester().startWatchdog(line -> FatalErrors.halt("satbus: orchester of "
                 + t.name() + " cannot go on; ending the process (exit " + FatalErrors.EXIT_FATAL + ") to be started again"))) {
            OomTrigger.armIfAsked();
            final PrintWriter say = supervised ? spec.commandLine().getErr() : out;
            say.printf("orchester of %s%s: services %s, publish to %s, subscribe at %s, tracker %s%n",
                t.name(), t.orchester().paired() ? " (" + role.label() + " of a pair)" : "",
                Endpoints.tcp(o.host(), o.servicePort()), Endpoints.tcp(o.host(), o.pubPort()),
                Endpoints.tcp(o.host(), o.subPort()), describe(running));
            say.flush();
            if (supervised) {
                while (!stop.await(ChildReport.DEFAULT_INTERVAL_MS)) {
                    out.println(ChildReport.of(running.orchester().status(), latencyP99Ms(t, running)).toLine());
                    out.flush();
                }
            } else {
                stop.await();
            }
            say.println("orchester of " + t.name() + " stopping");
            say.flush();
        }
        return 0;
    }

    /** Per satellite, the 99th percentile of its latency timer, in ms; empty without an in-process tracker. */
    static Map<String, Double> latencyP99Ms(final Topology t, final OrchesterRole role) {
        final Map<String, Double> p99 = new LinkedHashMap<>();
        if (role.tracker() == null) {
            return p99;
        }
        final Map<String, Timer> timers = role.tracker().registry().getTimers();
        for (String satellite : t.satellites().keySet()) {
            final Timer timer = timers.get(MetricNames.stage(t.name(), satellite) + ".latency");
            if (timer != null && timer.getCount() > 0) {
                p99.put(satellite, timer.getSnapshot().get99thPercentile() / NANOS_PER_MS);
            }
        }
        return p99;
    }

    private String describe(final OrchesterRole role) {
        if (role.tracker() != null) {
            return "in process";
        }
        return tracking.remote != null ? "at " + tracking.remote : "off";
    }
}
