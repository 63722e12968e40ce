package io.satbus.supervisor;

import io.satbus.core.topology.SatelliteSpec;
import io.satbus.core.topology.Topology;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts children: {@code java <jvm options> -cp <satbus classpath> io.satbus.cli.Satbus
 * satellite NAME --instance K TOPOLOGY --state-dir <run folder>/state --supervised} (or
 * {@code orchester TOPOLOGY ...}), or a command satellite's own program ({@link CommandSatellite},
 * no JVM options, no state folder), in the run folder's terms: the log is
 * {@code <satellite>.<k>.log}, the pid file {@code <satellite>.<k>.pid}. Every Java satellite
 * keeps what must outlive its process in the run's one state folder (its files are named after
 * the satellite and instance), so its counters are cumulative for its slot across restarts.
 * Immutable.
 */
public final class ChildLauncher implements Launcher {
    /**
     * Small-footprint JVM options for a child: a satellite holds little (a send window, a socket
     * or three), so a small heap with the serial collector, C1 only, and a smaller thread stack.
     * Measured with bench/satellite-footprint.sh (docs/operations.md).
     */
    public static final List<String> DEFAULT_JVM_OPTIONS = List.of("-Xmx128m", "-Xss512k", "-XX:+UseSerialGC",
        "-XX:TieredStopAtLevel=1", "-Xshare:auto");
    /**
     * Options of every JVM child, before the child options (which may override them): a child
     * out of memory ends at once (exit 3) and is restarted, instead of living on with threads
     * that died of it and answering nothing (docs/operations.md).
     */
    public static final List<String> ALWAYS_JVM_OPTIONS = List.of("-XX:+ExitOnOutOfMemoryError");
    public static final String MAIN_CLASS = "io.satbus.cli.Satbus";
    /** The folder of the run folder where Java satellites keep their state. */
    public static final String STATE_DIR = "state";

    private final Path java;
    private final String classpath;
    private final List<String> jvmOptions;
    private final Path topologyFile;
    private final Path runDir;
    private final List<String> orchesterArgs;
    private final ClassDataArchive classData;

    /**
     * @param orchesterArgs extra arguments of the orchester child ({@code --tracker ...}, {@code --no-tracker})
     */
    public ChildLauncher(final List<String> jvmOptions, final Path topologyFile, final Path runDir,
                         final List<String> orchesterArgs) {
        this.java = Path.of(System.getProperty("java.home"), "bin", "java");
        this.classpath = absolute(System.getProperty("java.class.path"));
        this.jvmOptions = List.copyOf(jvmOptions);
        this.topologyFile = topologyFile.toAbsolutePath();
        this.runDir = runDir;
        this.orchesterArgs = List.copyOf(orchesterArgs);
        this.classData = ClassDataArchive.forChildren(classpath, this.jvmOptions);
    }

    private static String absolute(final String classpath) {
        final List<String> parts = new ArrayList<>();
        for (String p : classpath.split(File.pathSeparator)) {
            if (!p.isEmpty()) {
                parts.add(Path.of(p).toAbsolutePath().toString());
            }
        }
        return String.join(File.pathSeparator, parts);
    }

    public Path runDir() {
        return runDir;
    }

    /** Where the Java satellite children keep their state: {@code <run folder>/state}. */
    public Path stateDir() {
        return runDir.resolve(STATE_DIR);
    }

    /** The class data archive of the children ({@link ClassDataArchive#NONE} when they share none). */
    ClassDataArchive classData() {
        return classData;
    }

    /**
     * The command line of {@code satellite} instance {@code instance}, or of the orchester when
     * satellite is null (its backup when {@code instance} is {@link Instance#BACKUP}), with {@code extraJvmOptions} after the child options.
     */
    List<String> command(final String satellite, final int instance, final List<String> extraJvmOptions) {
        final List<String> cmd = new ArrayList<>();
        cmd.add(java.toString());
        cmd.addAll(ALWAYS_JVM_OPTIONS);
        cmd.addAll(jvmOptions);
        cmd.addAll(extraJvmOptions);
        cmd.add("-cp");
        cmd.add(classpath);
        cmd.add(MAIN_CLASS);
        if (satellite == null) {
            cmd.add("orchester");
            cmd.add(topologyFile.toString());
            cmd.addAll(orchesterArgs);
            if (instance == Instance.BACKUP) {
                cmd.add("--backup");
            }
        } else {
            cmd.addAll(List.of("satellite", satellite, "--instance", Integer.toString(instance), topologyFile.toString(),
                "--state-dir", stateDir().toString()));
        }
        cmd.add("--supervised");
        return cmd;
    }

    /**
     * Starts one child and writes its pid file. While the children have no class data archive,
     * one satellite at a time writes it when it exits (a satellite rather than the orchester: there
     * are more of them, and they share the most classes).
     */
    @Override
    public Child start(final String satellite, final int instance, final String label) throws IOException {
        if (satellite != null) {
            Files.createDirectories(stateDir());
        }
        final ClassDataArchive.Options cds = satellite == null ? classData.existing() : classData.next();
        final ProcessChild c;
        try {
            c = ProcessChild.start(new ProcessBuilder(command(satellite, instance, cds.jvmOptions())), label,
                runDir.resolve(label + ".log"));
        } catch (IOException ex) {
            if (cds.dumpTo() != null) {
                classData.exited(cds.dumpTo(), -1);
            }
            throw ex;
        }
        if (cds.dumpTo() != null) {
            c.process().onExit().thenAccept(p -> classData.exited(cds.dumpTo(), p.exitValue()));
        }
        return withPidFile(c, label);
    }

    /**
     * Starts instance {@code instance} of a command satellite: its program, in its folder, with
     * its {@code SATBUS_*} environment; it reports every {@link ChildReport#DEFAULT_INTERVAL_MS}.
     * No JVM options and no class data archive: it need not be a JVM.
     */
    @Override
    public Child startCommand(final Topology topology, final SatelliteSpec spec, final int instance, final String label)
        throws IOException {
        final ProcessBuilder b = CommandSatellite.processBuilder(topology, spec, instance, ChildReport.DEFAULT_INTERVAL_MS);
        return withPidFile(ProcessChild.start(b, label, runDir.resolve(label + ".log")), label);
    }

    private Child withPidFile(final Child c, final String label) throws IOException {
        Files.writeString(runDir.resolve(label + ".pid"), c.pid() + "\n", StandardCharsets.US_ASCII);
        return c;
    }
}
