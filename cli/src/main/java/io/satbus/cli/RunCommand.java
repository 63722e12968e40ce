package io.satbus.cli;

import io.satbus.core.topology.Topology;
import io.satbus.supervisor.ChildLauncher;
import io.satbus.supervisor.RunTotals;
import io.satbus.supervisor.Supervisor;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code satbus run TOPOLOGY}: starts the orchester and every satellite instance as child
 * processes (or, with {@code --in-process}, as threads of this one), shows a live status, and
 * stops on Ctrl-C or, with {@code --until-drained}, once the sources have finished and every
 * message has been handled, or once only requests that are not the topology's own are left,
 * queued for a service nobody serves ({@link RunSnapshot#strays()}).
 *
 * <p>It ends with one line, {@code satbus: NAME drained: generated G, delivered D, duplicates R,
 * dead X, lost L} ({@code NOT drained} when it did not drain), and exits 0 only when the run
 * drained, every process stopped, and nothing was dead-lettered or lost.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Run a topology: the orchester and every satellite as supervised processes, with a live status.")
final class RunCommand implements Callable<Integer> {
    static final Duration DEFAULT_GRACE = Duration.ofSeconds(10);
    static final long TICK_MS = 50;
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    @Mixin
    private final TopologyOption topology = new TopologyOption();

    @Option(names = "--until-drained", description = "Stop once the sources have finished and every message is handled.")
    private boolean untilDrained;

    @Option(names = "--grace", paramLabel = "DURATION", defaultValue = "PT10S", converter = DurationConverter.class,
        description = "How long in-flight work may take to drain when stopping (e.g. 10s, 500ms). Default: 10s.")
    private Duration grace = DEFAULT_GRACE;

    @Option(names = "--progress", paramLabel = "DURATION", defaultValue = "PT1S", converter = DurationConverter.class,
        description = "Interval of the status view (e.g. 1s). Default: 1s.")
    private Duration progress = Duration.ofSeconds(1);

    @Option(names = "--in-process", description = "Run every satellite as a thread of this process, not as processes.")
    private boolean inProcess;

    @Option(names = "--host", paramLabel = "NAME",
        description = "Start only the satellites placed on host NAME (satellites.*.host), joining the orchester of the file.")
    private String host;

    @Option(names = "--runs", paramLabel = "DIR", defaultValue = "runs",
        description = "Folder of run folders; each run logs to DIR/<topology>-<time>/<satellite>.<k>.log. Default: runs.")
    private Path runs;

    @Option(names = "--child-opts", paramLabel = "OPTIONS",
        description = "JVM options of each child process, space separated. Default: $SATBUS_CHILD_OPTS, else "
            + "-Xmx128m -Xss512k -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto.")
    private String childOpts;

    @Mixin
    private final TrackingOptions tracking = new TrackingOptions();

    @Spec
    private CommandSpec spec;

    private final StopSignal stop;

    RunCommand() {
        this(null);
    }

    /** With a given stop signal; tests pass {@link StopSignal#manual()}. */
    RunCommand(final StopSignal stop) {
        this.stop = stop;
    }

    @Override
    public Integer call() throws Exception {
        final Topology t = tracking.apply(topology.load());
        final PrintWriter out = spec.commandLine().getOut();
        checkOptions(t);
        // Every mistake of the command line is reported before the run folder exists or a signal is taken.
        final Path runDir = inProcess ? null : runFolder(t);
        final StopSignal signal = stop != null ? stop : StopSignal.install();
        final boolean terminal = System.console() != null;
        final long startMs = System.currentTimeMillis();
        try (Run run = start(t, runDir, out)) {
            // Stopping wins over restarting from the signal on, not from when this thread sees it.
            signal.whenRequested(run::stopRequested);
            final RunView view = new RunView(out, terminal);
            final DrainWatch watch = new DrainWatch();
            DrainWatch.Verdict verdict = null;
            long nextPrintMs = startMs;
            long nextDrainCheckMs = startMs;
            while (verdict == null && !signal.await(TICK_MS)) {
                final long now = System.currentTimeMillis();
                run.tick(now);
                if (now >= nextPrintMs) {
                    view.show(run.snapshot(now - startMs));
                    nextPrintMs = now + progress.toMillis();
                }
                if (untilDrained && now >= nextDrainCheckMs) {
                    verdict = watch.observe(run.snapshot(now - startMs));
                    nextDrainCheckMs = now + run.pollMs();
                }
            }
            view.endLive();
            if (verdict == DrainWatch.Verdict.STUCK) {
                out.println("satbus: " + t.name() + ": " + watch.stuckReason() + "; stopping");
                out.flush();
            }
            run.stopSources();
            // Left with requests nobody will ever take, or a child that cannot work, waiting the grace would change nothing.
            final boolean drained = verdict == DrainWatch.Verdict.DRAINED || verdict == null
                && run.awaitDrained(System.currentTimeMillis() + grace.toMillis(), System::currentTimeMillis);
            final RunSnapshot end = run.snapshot(System.currentTimeMillis() - startMs);
            final boolean stopped = run.shutdown(System.currentTimeMillis() + grace.toMillis(), System::currentTimeMillis);
            view.showFinal(end);
            if (!stopped) {
                out.println("satbus: not every process stopped within --grace " + grace.toMillis() + " ms; killing the rest");
            }
            if (!drained && verdict != DrainWatch.Verdict.STUCK && end.stuckReason() != null) {
                out.println("satbus: " + t.name() + ": " + end.stuckReason());
            }
            return report(out, end, drained && stopped);
        }
    }

    /** The options that depend on each other or on the topology, checked before anything starts. */
    private void checkOptions(final Topology t) {
        if (host != null && !t.hosts().contains(host) && !Supervisor.runsBackup(t, host)) {
            throw new IllegalArgumentException("--host " + host + " : no satellite of " + t.name()
                + " is placed there" + (t.orchester().paired() ? " and it is not orchester.backup.host" : "")
                + " (expected one of: " + t.hosts() + ")");
        }
        if (inProcess && host != null) {
            throw new IllegalArgumentException("--host " + host + " with --in-process (expected: at most one of them)");
        }
        tracking.mode();
        childOptions();
    }

    /** This run's folder under {@code --runs}, created, with the supervisor's pid in it. */
    private Path runFolder(final Topology t) throws IOException {
        IoProblems.createFolder("--runs", runs);
        final Path runDir = runs.resolve(t.name() + (host == null ? "" : "@" + host) + "-"
            + LocalDateTime.now().format(STAMP)).toAbsolutePath();
        IoProblems.createFolder("--runs", runDir);
        Files.writeString(runDir.resolve("supervisor.pid"), ProcessHandle.current().pid() + "\n");
        return runDir;
    }

    private Run start(final Topology t, final Path runDir, final PrintWriter out) throws IOException {
        if (inProcess) {
            final InProcessRun run = InProcessRun.start(t, topology.baseDir(), tracking.mode(), tracking.remote);
            out.println("satbus: running " + t.name() + " in process (" + t.satellites().size()
                + " satellites); Ctrl-C to stop");
            out.flush();
            return run;
        }
        final String where = host == null ? Supervisor.MAIN_HOST : host;
        final ChildLauncher launcher = new ChildLauncher(childOptions(), topology.file, runDir, orchesterArgs());
        final ProcessRun run = ProcessRun.start(t, topology.baseDir(), where, launcher, System::currentTimeMillis);
        out.println("satbus: running " + t.name() + " on host " + where + " as processes ("
            + run.supervisor().satellites().size() + " satellites), logs in " + runDir + "; Ctrl-C to stop");
        out.flush();
        return run;
    }

    private List<String> childOptions() {
        final String given = childOpts != null ? childOpts : System.getenv("SATBUS_CHILD_OPTS");
        if (given == null) {
            return ChildLauncher.DEFAULT_JVM_OPTIONS;
        }
        final List<String> options = Arrays.stream(given.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
        for (String o : options) {
            if (!o.startsWith("-")) {
                throw new IllegalArgumentException((childOpts != null ? "--child-opts" : "SATBUS_CHILD_OPTS") + " '" + given
                    + "' : " + o + " is not a JVM option (expected: options that start with -, e.g. -Xmx256m)");
            }
        }
        return options;
    }

    private List<String> orchesterArgs() {
        final List<String> args = new ArrayList<>();
        if (tracking.off) {
            args.add("--no-tracker");
        } else if (tracking.remote != null) {
            args.addAll(List.of("--tracker", tracking.remote));
        }
        if (tracking.http != null) {
            args.addAll(List.of("--http", tracking.http));
        }
        return args;
    }

    /**
     * Prints why requests are left, if only strays kept it from draining, then the final line;
     * returns the exit code.
     */
    static int report(final PrintWriter out, final RunSnapshot end, final boolean drained) {
        if (!drained && end.straysReason() != null) {
            out.printf("satbus: %s: %s%n", end.topology(), end.straysReason());
        }
        out.printf("satbus: %s%n", finalLine(end, drained));
        out.flush();
        return exitCode(end, drained);
    }

    /** {@code NAME drained: generated G, delivered D, duplicates R, dead X, lost L}, or {@code NAME NOT drained: ...}. */
    static String finalLine(final RunSnapshot end, final boolean drained) {
        return end.topology() + (drained ? " drained: " : " NOT drained: ") + end.totals().describe();
    }

    /** 0 only when drained and nothing went dead or was lost; else {@link Satbus#EXIT_NOT_DRAINED}. */
    static int exitCode(final RunSnapshot end, final boolean drained) {
        final RunTotals t = end.totals();
        return drained && t.dead() == 0 && t.lost() == 0 ? 0 : Satbus.EXIT_NOT_DRAINED;
    }
}
