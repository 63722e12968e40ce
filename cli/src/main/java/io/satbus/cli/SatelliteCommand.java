package io.satbus.cli;

import io.satbus.core.security.KeyFiles;
import io.satbus.core.security.SecuritySpec;
import io.satbus.core.topology.SatelliteSpec;
import io.satbus.core.topology.Topology;
import io.satbus.core.topology.TopologyLoader;
import io.satbus.satellites.runtime.BuiltinConfigCheck;
import io.satbus.satellites.runtime.RuntimeSettings;
import io.satbus.satellites.runtime.SatelliteFactory;
import io.satbus.satellites.runtime.SatelliteRuntime;
import io.satbus.supervisor.ChildReport;
import io.satbus.supervisor.CommandSatellite;
import io.satbus.supervisor.ParentWatch;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code satbus satellite NAME --instance K TOPOLOGY}: one satellite instance in this process,
 * until SIGTERM or Ctrl-C (then it drains: a source stops producing, sends are acknowledged).
 * {@code satbus run} starts its Java satellites this way, with {@code --supervised}.
 *
 * <p>A command satellite (in another language) runs as a child process instead, with the
 * environment {@code satbus run} gives it ({@link CommandSatellite}) and this process's stdout
 * and stderr; its stdin is a pipe from this process, which writes {@code stop} there on SIGTERM
 * or Ctrl-C (a systemd unit's stdin is {@code /dev/null}, whose end of file would stop it at
 * once). The exit code is the child's.
 */
@Command(name = "satellite", mixinStandardHelpOptions = true,
    description = "Run one instance of one satellite of the topology until Ctrl-C or SIGTERM (then it drains).")
final class SatelliteCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(SatelliteCommand.class);

    @Parameters(index = "0", paramLabel = "NAME", description = "The satellite's name in the topology.")
    private String name;

    @Parameters(index = "1", paramLabel = "TOPOLOGY", description = "Topology file (YAML).")
    private Path file;

    @Option(names = "--instance", paramLabel = "K", defaultValue = "0", description = "Instance number, 0-based. Default: 0.")
    private int instance;

    @Option(names = "--state-dir", paramLabel = "DIR",
        description = "Folder where this instance keeps what must outlive its process (counters, completed ids, a"
            + " source's position, the outbox), in files named NAME.K.*; its counters then count across restarts."
            + " Default: none. 'satbus run' gives each Java satellite <run folder>/state.")
    private Path stateDir;

    @Option(names = "--key", paramLabel = "FILE",
        description = "With a secured topology: the secret key file this instance proves, instead of NAME.key_secret in"
            + " security.secrets.")
    private Path key;

    @Option(names = "--supervised", hidden = true,
        description = "Run as a child of 'satbus run': report on stdout, obey stdin, exit when the supervisor is gone.")
    private boolean supervised;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        final Topology t = withKey(TopologyLoader.load(file, BuiltinConfigCheck.INSTANCE));
        final SatelliteSpec s = t.satellite(name);
        // Under 'satbus run', scaling may start instances past the file's count; by hand, the file's count holds.
        final int count = supervised ? SatelliteSpec.MAX_INSTANCES : s.instances();
        if (instance < 0 || instance >= count) {
            throw new IllegalArgumentException("--instance " + instance + " : " + name + " has " + s.instances()
                + " instance(s) in " + file + " (expected: 0.." + (count - 1) + ")");
        }
        Thread.currentThread().setName(name + "." + instance);
        if (s.isCommand()) {
            return runCommand(t, s);
        }
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
        try (SatelliteRuntime runtime = SatelliteRuntime.start(t, s, instance, SatelliteFactory.create(s, baseDir), baseDir,
            settings(t))) {
            LOG.info("{}.{} of {} running, pid {}", name, instance, t.name(), ProcessHandle.current().pid());
            while (!stop.await(ChildReport.DEFAULT_INTERVAL_MS)) {
                report(out, runtime);
                if (!runtime.isRunning()) {
                    // Not an ERROR line: the reason is the runtime's own, logged above (the supervisor shows that one).
                    LOG.info("{}.{} runtime ended on its own (see above); exiting 1", name, instance);
                    return 1;
                }
            }
            if (orphaned.get()) {
                runtime.close();
            } else {
                runtime.stop();
            }
            report(out, runtime);
            LOG.info("{}.{} stopped: {}", name, instance, runtime.stats());
        }
        return 0;
    }

    /** {@code t} with its secrets read from {@code --key}'s folder, when given; {@code --key} needs security. */
    private Topology withKey(final Topology t) {
        if (key == null) {
            return t;
        }
        if (t.security() == null) {
            throw new IllegalArgumentException("--key : " + key + " for a topology without a security section "
                + "(expected: a security section, docs/security.md)");
        }
        final SecuritySpec sec = t.security();
        KeyFiles.readSecret(key);
        return t.withSecurity(new SecuritySpec(sec.orchesterKey(), sec.allowed(), sec.rights(),
            key.toAbsolutePath().getParent(), sec.httpToken(), sec.keysDir()));
    }

    /** The topology's runtime settings, with {@code --state-dir} (created if missing) when given. */
    private RuntimeSettings settings(final Topology t) {
        final RuntimeSettings base = RuntimeSettings.forTopology(t);
        final RuntimeSettings settings = key == null ? base : base.withKeyName(KeyFiles.nameOf(key));
        if (stateDir == null) {
            return settings;
        }
        final Path dir = stateDir.toAbsolutePath();
        return settings.withStateDir(IoProblems.createFolder("--state-dir", dir));
    }

    /** Runs a command satellite as a child; see the class comment. */
    private int runCommand(final Topology t, final SatelliteSpec s) throws InterruptedException {
        final StopSignal stop = supervised ? StopSignal.installSupervised() : StopSignal.install();
        final Process child;
        try {
            child = CommandSatellite.processBuilder(t, s, instance, supervised ? ChildReport.DEFAULT_INTERVAL_MS : 0)
                .redirectInput(ProcessBuilder.Redirect.PIPE).redirectOutput(ProcessBuilder.Redirect.INHERIT)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        } catch (IOException ex) {
            throw new IllegalArgumentException("satellites." + name + ".command : " + s.command().display()
                + " could not be started: " + ex.getMessage() + " (expected: a program on PATH, or a path relative to"
                + " the topology file's folder)", ex);
        }
        final OutputStream childIn = child.getOutputStream();
        if (supervised) {
            ParentWatch.start(stop::request, () -> close(childIn));
        }
        System.err.printf("satbus: %s.%d of %s running %s, pid %d%n", name, instance, t.name(), s.command().display(),
            child.pid());
        while (child.isAlive()) {
            if (stop.await(ChildReport.DEFAULT_INTERVAL_MS)) {
                try {
                    childIn.write("stop\n".getBytes(StandardCharsets.US_ASCII));
                    childIn.flush();
                } catch (IOException alreadyGone) {
                    // It exited meanwhile: waitFor returns at once.
                }
                break;
            }
        }
        final int code = child.waitFor();
        System.err.printf("satbus: %s.%d exited with code %d%n", name, instance, code);
        return code;
    }

    private static void close(final OutputStream childIn) {
        try {
            childIn.close();
        } catch (IOException alreadyGone) {
            // Closed is what we want.
        }
    }

    private void report(final PrintWriter out, final SatelliteRuntime runtime) {
        if (supervised) {
            out.println(ChildReport.of(runtime.stats()).toLine());
            out.flush();
        }
    }
}
