package io.satbus.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real {@code satbus} command as a child process (the shaded jar the build made), with its
 * output captured to files so that a chatty child never blocks on a full pipe.
 */
final class SatbusProcess implements AutoCloseable {
    /**
     * A process started from a background job inherits SIGINT ignored, and a JVM then cannot
     * handle it, so a test's Ctrl-C would never arrive. GNU env resets it to the default first,
     * as an interactive shell would; where env cannot, the command starts as it is.
     */
    private static final List<String> DEFAULT_SIGNALS = defaultSignals();

    /** How long a thread dump of a stalled child may take. */
    private static final Duration JCMD_PATIENCE = Duration.ofSeconds(20);

    private final Process process;
    private final Path out;
    private final Path err;

    private SatbusProcess(final Process process, final Path out, final Path err) {
        this.process = process;
        this.out = out;
        this.err = err;
    }

    static Path jar() {
        final String prop = System.getProperty("satbus.jar");
        final Path jar = prop != null ? Path.of(prop) : TestTopologies.repoRoot().resolve("cli/target/satbus.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no satbus jar at " + jar + " (expected: built by 'mvn package')");
        }
        return jar;
    }

    static SatbusProcess start(final Path workDir, final String... args) throws IOException {
        return start(jar(), workDir, args);
    }

    /** The command from {@code jar} (a copy of the build's, for a test that must own what lands beside it). */
    static SatbusProcess start(final Path jar, final Path workDir, final String... args) throws IOException {
        return start(jar, null, workDir, args);
    }

    /** The command with {@code binDir} first on its PATH (and its children's). */
    static SatbusProcess startWithPath(final Path binDir, final Path workDir, final String... args) throws IOException {
        return start(jar(), binDir, workDir, args);
    }

    private static SatbusProcess start(final Path jar, final Path binDir, final Path workDir, final String... args)
        throws IOException {
        final List<String> cmd = new ArrayList<>(DEFAULT_SIGNALS);
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx256m");
        cmd.add("-jar");
        cmd.add(jar.toString());
        cmd.addAll(List.of(args));
        final Path out = Files.createTempFile(workDir, "satbus", ".out");
        final Path err = Files.createTempFile(workDir, "satbus", ".err");
        final ProcessBuilder builder = new ProcessBuilder(cmd);
        if (binDir != null) {
            builder.environment().merge("PATH", binDir.toString(), (path, bin) -> bin + java.io.File.pathSeparator + path);
        }
        final Process p = builder.directory(workDir.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        return new SatbusProcess(p, out, err);
    }

    private static List<String> defaultSignals() {
        final List<String> prefix = List.of("env", "--default-signal=INT");
        try {
            final List<String> probe = new ArrayList<>(prefix);
            probe.add("true");
            final Process p = new ProcessBuilder(probe).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 ? prefix : List.of();
        } catch (IOException ex) {
            return List.of();
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }

    /** The satbus and JeroMQ threads of every child JVM, from {@code jcmd PID Thread.print}, a few frames each. */
    String childThreads() {
        final StringBuilder s = new StringBuilder();
        process.toHandle().descendants().filter(p -> p.info().command().orElse("").endsWith("java"))
            .forEach(p -> s.append("threads of pid ").append(p.pid()).append(' ')
                .append(p.info().arguments().map(a -> String.join(" ", a)).orElse("").replaceFirst(".* io\\.satbus\\.cli\\.Satbus ", ""))
                .append(":\n").append(busThreads(p.pid())).append('\n'));
        return s.toString();
    }

    private String busThreads(final long pid) {
        try {
            final Path dump = Files.createTempFile(out.getParent(), "threads-" + pid + "-", ".txt");
            final Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), Long.toString(pid), "Thread.print").redirectErrorStream(true)
                .redirectOutput(dump.toFile()).start();
            if (!jcmd.waitFor(JCMD_PATIENCE.toMillis(), TimeUnit.MILLISECONDS)) {
                jcmd.destroyForcibly();
                return "  (jcmd did not answer within " + JCMD_PATIENCE + ")";
            }
            final StringBuilder kept = new StringBuilder();
            for (String block : Files.readString(dump).split("\n\\s*\n")) {
                final String b = block.strip();
                if (b.startsWith("\"satbus") || b.startsWith("\"iothread") || b.startsWith("\"reaper")
                    || b.startsWith("\"main\"") || b.startsWith("\"orchester")) {
                    final List<String> lines = b.lines().toList();
                    kept.append(String.join("\n", lines.subList(0, Math.min(lines.size(), 14)))).append('\n');
                }
            }
            return kept.toString();
        } catch (IOException ex) {
            return "  (no thread dump: " + ex + ")";
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return "  (no thread dump: interrupted)";
        }
    }

    /** Waits for the exit code; throws when the process outlives {@code timeout}. */
    int waitFor(final Duration timeout) throws InterruptedException, IOException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            final String threads = childThreads();
            process.destroyForcibly();
            throw new IllegalStateException("satbus did not exit within " + timeout + "; stdout:\n" + out() + "\nstderr:\n" + err()
                + "\n" + threads);
        }
        return process.exitValue();
    }

    String out() throws IOException {
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    String err() throws IOException {
        return Files.readString(err, StandardCharsets.UTF_8);
    }

    Process process() {
        return process;
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
