package io.satbus.cli;

import io.satbus.cli.supervisor.ChildReport;
import io.satbus.cli.supervisor.ParentWatch;
import io.satbus.core.topology.SatelliteSpec;
import io.satbus.core.topology.Topology;
import io.satbus.core.topology.TopologyLoader;
import io.satbus.satellites.runtime.BuiltinConfigCheck;
import io.satbus.satellites.runtime.SatelliteFactory;
import io.satbus.satellites.runtime.SatelliteRuntime;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code satbus satellite NAME --instance K TOPOLOGY}: one satellite instance in this process,
 * until SIGTERM or Ctrl-C (then it drains: a source stops producing, sends are acknowledged).
 * {@code satbus run} starts its satellites this way, with {@code --supervised}.
 */
@Command(name = "satellite", mixinStandardHelpOptions = true,
    description = "Run one instance of one satellite of the topology until Ctrl-C or SIGTERM (then it drains).")
final class SatelliteCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME", description = "The satellite's name in the topology.")
    private String name;

    @Parameters(index = "1", paramLabel = "TOPOLOGY", description = "Topology file (YAML).")
    private Path file;

    @Option(names = "--instance", paramLabel = "K", defaultValue = "0", description = "Instance number, 0-based. Default: 0.")
    private int instance;

    @Option(names = "--supervised", hidden = true,
        description = "Run as a child of 'satbus run': report on stdout, obey stdin, exit when the supervisor is gone.")
    private boolean supervised;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        final Topology t = TopologyLoader.load(file, BuiltinConfigCheck.INSTANCE);
        final SatelliteSpec s = t.satellite(name);
        if (instance < 0 || instance >= SatelliteSpec.MAX_INSTANCES) {
            throw new IllegalArgumentException("--instance " + instance + " (expected: 0.." + (SatelliteSpec.MAX_INSTANCES - 1) + ")");
        }
        Thread.currentThread().setName(name + "." + instance);
        final StopSignal stop = supervised ? StopSignal.installSupervised() : StopSignal.install();
        final AtomicBoolean orphaned = new AtomicBoolean();
        if (supervised) {
            ParentWatch.start(stop::request, () -> {
                orphaned.set(true);
                stop.request();
            });
        }
        final Path baseDir = file.toAbsolutePath().getParent();
        final PrintWriter out = spec.commandLine().getOut();
        try (SatelliteRuntime runtime = SatelliteRuntime.start(t, s, instance, SatelliteFactory.create(s, baseDir), baseDir)) {
            System.err.printf("satbus: %s.%d of %s running, pid %d%n", name, instance, t.name(), ProcessHandle.current().pid());
            while (!stop.await(ChildReport.DEFAULT_INTERVAL_MS)) {
                report(out, runtime);
                if (!runtime.isRunning()) {
                    System.err.printf("satbus: %s.%d runtime ended on its own (see above); exiting 1%n", name, instance);
                    return 1;
                }
            }
            if (orphaned.get()) {
                runtime.close();
            } else {
                runtime.stop();
            }
            report(out, runtime);
            System.err.printf("satbus: %s.%d stopped: %s%n", name, instance, runtime.stats());
        }
        return 0;
    }

    private void report(final PrintWriter out, final SatelliteRuntime runtime) {
        if (supervised) {
            out.println(ChildReport.of(runtime.stats()).toLine());
            out.flush();
        }
    }
}
