package io.satbus.cli.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code satbus bench --load N}: N processes that each keep a core busy (a shell loop), started
 * before the measurements and ended after them. Each also ends by itself a minute after the
 * bench's planned time ({@code timeout}), should the bench be killed before it can end them.
 */
final class CompetingLoad implements AutoCloseable {
    private final List<Process> processes;

    private CompetingLoad(final List<Process> processes) {
        this.processes = processes;
    }

    /** Starts {@code cores} busy processes for at most {@code plannedMs} plus a minute. */
    static CompetingLoad start(final int cores, final long plannedMs) {
        final List<Process> started = new ArrayList<>();
        final long seconds = TimeUnit.MILLISECONDS.toSeconds(plannedMs) + 60;
        try {
            for (int i = 0; i < cores; i++) {
                started.add(new ProcessBuilder("timeout", Long.toString(seconds), "sh", "-c", "while :; do :; done")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
            }
        } catch (IOException e) {
            started.forEach(Process::destroyForcibly);
            throw new UncheckedIOException("--load : cannot start a busy process: " + e.getMessage(), e);
        }
        return new CompetingLoad(started);
    }

    @Override
    public void close() {
        for (Process p : processes) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }
}
