package io.satbus.supervisor;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A {@link Child} that is a process: the process, its two pump threads and its latest
 * {@link ChildReport}. The supervisor's loop owns it; the pumps only publish the report.
 */
final class ProcessChild implements Child {
    /** Longest wait for a dead child's last output lines (its final report) to be read. */
    private static final long OUTPUT_END_WAIT_MS = 2000;
    /** A process ended by signal N exits with 128 + N. */
    private static final int SIGNAL_EXIT_BASE = 128;

    private final Process process;
    private final OutputStream stdin;
    private final LastErrorLine lastError = new LastErrorLine();
    private volatile ChildReport report;
    private Thread outPump;
    private Thread errPump;

    private ProcessChild(final Process process) {
        this.process = process;
        this.stdin = process.getOutputStream();
    }

    /** Starts {@code builder} (stdin, stdout and stderr piped) and pumps its output to {@code log}. */
    static ProcessChild start(final ProcessBuilder builder, final String label, final Path log) throws IOException {
        final LogFile file = new LogFile(log, 2);
        final Process p;
        try {
            p = builder.redirectInput(ProcessBuilder.Redirect.PIPE).redirectOutput(ProcessBuilder.Redirect.PIPE)
                .redirectError(ProcessBuilder.Redirect.PIPE).start();
        } catch (IOException ex) {
            file.release();
            file.release();
            throw ex;
        }
        final ProcessChild c = new ProcessChild(p);
        file.write(label + " | (supervisor: started pid " + p.pid() + ": " + String.join(" ", builder.command()) + ")");
        c.outPump = LogPump.start(p.getInputStream(), label, "out", file, r -> c.report = r, c.lastError);
        c.errPump = LogPump.start(p.getErrorStream(), label, "err", file, r -> c.report = r, c.lastError);
        return c;
    }

    /** Asks the child to drain and exit: {@code stop} on its stdin. */
    @Override
    public void requestStop() {
        try {
            stdin.write("stop\n".getBytes(StandardCharsets.US_ASCII));
            stdin.flush();
        } catch (IOException alreadyGone) {
            // The child exited (its stdin is closed); the loop sees the exit.
        }
    }

    /** Ends it at once (SIGKILL). */
    @Override
    public void kill() {
        process.destroyForcibly();
    }

    @Override
    public boolean alive() {
        return process.isAlive();
    }

    @Override
    public int exitCode() {
        return process.exitValue();
    }

    @Override
    public long pid() {
        return process.pid();
    }

    /** The process, for what only a process has (its exit as a future). */
    Process process() {
        return process;
    }

    @Override
    public boolean awaitExit(final long timeoutMs) throws InterruptedException {
        return process.waitFor(timeoutMs, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /**
     * Why it exited, in one line, for a child that has exited (after {@link #finalReport()}):
     * {@code exit 1: ModuleNotFoundError: No module named 'msgpack'}, {@code killed by signal 9}.
     */
    @Override
    public String exitReason() {
        final int code = process.exitValue();
        if (code > SIGNAL_EXIT_BASE && code < SIGNAL_EXIT_BASE + 65) {
            return "killed by signal " + (code - SIGNAL_EXIT_BASE);
        }
        final String line = lastError.get();
        return "exit " + code + (line == null ? ", no error in its output" : ": " + line);
    }

    /** Its latest report, or null before the first. */
    @Override
    public ChildReport report() {
        return report;
    }

    /**
     * The report it printed last, for a child that has exited: waits (briefly) until its output
     * has been read to the end, so that the report printed as it stopped is the one returned.
     */
    @Override
    public ChildReport finalReport() {
        try {
            final long deadline = System.nanoTime() + OUTPUT_END_WAIT_MS * 1_000_000;
            for (Thread pump : new Thread[] {outPump, errPump}) {
                pump.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            }
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        return report;
    }
}
