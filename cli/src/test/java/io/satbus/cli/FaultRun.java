package io.satbus.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satbus.testing.Eventually;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One {@code satbus run} of a topology as real processes, for the fault tests: waits on its sink
 * file, SIGKILLs its children by their pid files, and describes itself (output and the run
 * folder's logs) when an assertion fails. Every wait has a deadline.
 */
final class FaultRun implements AutoCloseable {
    /** How long a fault test waits for any one thing to happen: generous, for a loaded 2-core machine. */
    static final Duration PATIENCE = Duration.ofMinutes(3);
    /** How long a killed child may take to be running again: its JVM starts on a busy machine. */
    static final Duration RESTART = Duration.ofSeconds(60);

    private final Path dir;
    private final SatbusProcess process;
    private final GrowingFile sink;
    private final List<String> kills = new ArrayList<>();

    private FaultRun(final Path dir, final SatbusProcess process, final Path sink) {
        this.dir = dir;
        this.process = process;
        this.sink = new GrowingFile(sink);
    }

    /**
     * Writes {@code yaml} to {@code dir/<name>.yaml} and runs it: {@code satbus run FILE --grace 60s}
     * and {@code args}; {@code sink} is the sink file, relative to {@code dir}.
     */
    static FaultRun start(final Path dir, final String name, final String yaml, final String sink, final String... args)
        throws IOException {
        final Path file = dir.resolve(name + ".yaml");
        Files.writeString(file, yaml);
        final List<String> cmd = new ArrayList<>(List.of("run", file.toString(), "--grace", SatbusCommandIT.GRACE));
        cmd.addAll(List.of(args));
        return new FaultRun(dir, SatbusProcess.start(dir, cmd.toArray(String[]::new)), dir.resolve(sink));
    }

    /** Lines in the sink file now, repeats included. */
    long sinkLines() {
        return sink.lines();
    }

    /** Waits until the sink file has {@code n} lines; fails saying where the run stood. */
    void awaitSinkLines(final long n) throws InterruptedException {
        assertTrue(Eventually.within(() -> sink.lines() >= n || !process.process().isAlive(), PATIENCE)
            && sink.lines() >= n, () -> "sink never reached " + n + " lines (has " + sink.lines() + ")\n" + describe());
    }

    /**
     * SIGKILLs the children {@code labels} ({@code orchester}, {@code gen.0}, ...) one right after
     * the other, then waits until their supervisor has started each again.
     */
    void killAndAwaitRestart(final String... labels) throws InterruptedException {
        final long[] old = new long[labels.length];
        final long lines = sink.lines();
        for (int i = 0; i < labels.length; i++) {
            old[i] = RunFolder.kill9(dir, labels[i], process.process().toHandle());
        }
        for (int i = 0; i < labels.length; i++) {
            final String label = labels[i];
            final long killed = old[i];
            final long fresh = RunFolder.awaitNewPid(dir, label, killed, RESTART);
            kills.add(label + " (pid " + killed + " at " + lines + " sink lines) -> " + fresh);
            assertTrue(fresh > 0, () -> label + " (pid " + killed + ") not started again within " + RESTART + "\n"
                + describe());
        }
    }

    /** Sends SIGINT to satbus run, as Ctrl-C would. */
    void interrupt() throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-INT", Long.toString(process.process().pid())).inheritIO().start().waitFor();
    }

    /** Waits for satbus run to exit; returns its exit code. */
    int awaitExit(final Duration timeout) throws InterruptedException, IOException {
        if (!process.process().waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
            throw new AssertionError("satbus run did not exit within " + timeout + "\n" + describe());
        }
        return process.process().exitValue();
    }

    /** The run's final line, also printed with the kills made (the test's output is the record of each run). */
    FinalLine finalLine() throws IOException {
        final FinalLine end = FinalLine.of(process.out());
        System.out.println("kills " + kills + " -> " + end);
        return end;
    }

    ProcessHandle supervisor() {
        return process.process().toHandle();
    }

    String out() throws IOException {
        return process.out();
    }

    Path sinkPath() {
        return sink.path();
    }

    /**
     * The run's output, the kills made, the last lines of every log of its run folder, and where
     * the bus's own threads of every child stand (a stalled run says which loop is stuck where).
     */
    String describe() {
        try {
            return "kills: " + kills + "\nstdout (tail):\n" + tail(process.out(), 30) + "\nstderr (tail):\n"
                + tail(process.err(), 60) + "\n" + RunFolder.logs(dir) + "\n" + process.childThreads();
        } catch (IOException ex) {
            return "kills: " + kills + " (output unreadable: " + ex + ")";
        }
    }

    private static String tail(final String text, final int lines) {
        final List<String> all = text.lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    @Override
    public void close() {
        process.close();
    }
}
