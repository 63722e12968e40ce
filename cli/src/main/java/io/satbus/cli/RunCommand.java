package io.satbus.cli;

import io.satbus.core.topology.Topology;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code satbus run TOPOLOGY}: starts the orchester and every satellite instance, prints a
 * live progress line, and stops on Ctrl-C or, with {@code --until-drained}, once the sources
 * have finished and every message has been handled.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Run a topology: the orchester and every satellite, with a live progress line.")
final class RunCommand implements Callable<Integer> {
    static final Duration DEFAULT_GRACE = Duration.ofSeconds(10);

    @Mixin
    private final TopologyOption topology = new TopologyOption();

    @Option(names = "--until-drained", description = "Stop once the sources have finished and every message is handled.")
    private boolean untilDrained;

    @Option(names = "--grace", paramLabel = "DURATION", defaultValue = "PT10S", converter = DurationConverter.class,
        description = "How long in-flight work may take to drain when stopping (e.g. 10s, 500ms). Default: 10s.")
    private Duration grace = DEFAULT_GRACE;

    @Option(names = "--progress", paramLabel = "DURATION", defaultValue = "PT1S", converter = DurationConverter.class,
        description = "Interval of the progress line (e.g. 1s). Default: 1s.")
    private Duration progress = Duration.ofSeconds(1);

    @Option(names = "--in-process", description = "Run every satellite as a thread of this process (the only mode in this release).")
    private boolean inProcess = true;

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
        final StopSignal signal = stop != null ? stop : StopSignal.install();
        final boolean terminal = System.console() != null;
        final long startMs = System.currentTimeMillis();
        try (InProcessRun run = InProcessRun.start(t, topology.baseDir(), tracking.mode(), tracking.remote)) {
            final ProgressLine line = new ProgressLine();
            out.println("satbus: running " + t.name() + " (" + run.snapshot(0).satellites().size()
                + " satellites); Ctrl-C to stop");
            out.flush();
            boolean drainedBySources = false;
            while (!signal.await(progress.toMillis())) {
                final RunSnapshot s = run.snapshot(System.currentTimeMillis() - startMs);
                print(out, line.format(s), terminal);
                if (untilDrained && s.drained()) {
                    drainedBySources = true;
                    break;
                }
            }
            if (terminal) {
                out.println();
            }
            run.stopSources();
            final boolean drained = drainedBySources
                || run.awaitDrained(System.currentTimeMillis() + grace.toMillis(), 50, System::currentTimeMillis);
            final RunSnapshot end = run.snapshot(System.currentTimeMillis() - startMs);
            if (!drainedBySources) {
                out.println(line.format(end));
            }
            return report(out, end, drained);
        }
    }

    private static void print(final PrintWriter out, final String text, final boolean terminal) {
        if (terminal) {
            out.print("\r\u001b[2K" + text);
        } else {
            out.println(text);
        }
        out.flush();
    }

    private static int report(final PrintWriter out, final RunSnapshot end, final boolean drained) {
        out.printf("satbus: %s %s: generated %d, delivered %d, dead %d%n", end.topology(),
            drained ? "drained" : "NOT drained", end.generated(), end.delivered(), end.dead());
        out.flush();
        return drained && end.dead() == 0 ? 0 : Satbus.EXIT_NOT_DRAINED;
    }
}
