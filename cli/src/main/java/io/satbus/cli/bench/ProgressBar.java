package io.satbus.cli.bench;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Where a long bench is, on stderr: on a terminal a bar redrawn four times a second,
 * {@code [#######.............]  35%  upper.instances=2 measure 3.5s/10.0s}; otherwise one
 * line per phase. Phases are set by the bench thread; a daemon thread repaints.
 */
final class ProgressBar implements AutoCloseable {
    private static final int WIDTH = 30;
    private static final long REPAINT_MS = 250;

    private final PrintStream err;
    private final boolean terminal;
    private final long totalMs;
    private final Thread painter;
    private volatile String phase = "";
    private volatile long phaseStartNanos = System.nanoTime();
    private volatile long phaseMs;
    private volatile long doneBeforeMs;
    private volatile double fraction = -1;
    private volatile boolean running = true;

    /** @param totalMs the planned time of the whole bench, for the percentage */
    ProgressBar(final PrintStream err, final boolean terminal, final long totalMs) {
        this.err = err;
        this.terminal = terminal;
        this.totalMs = Math.max(1, totalMs);
        this.painter = new Thread(this::paintLoop, "satbus-bench-progress");
        painter.setDaemon(true);
        if (terminal) {
            painter.start();
        }
    }

    /** A new phase of about {@code expectedMs} (0 when unknown); the previous one counts as done. */
    void phase(final String name, final long expectedMs) {
        doneBeforeMs += phaseMs;
        phase = name;
        phaseMs = expectedMs;
        fraction = -1;
        phaseStartNanos = System.nanoTime();
        if (!terminal) {
            err.printf(Locale.ROOT, "satbus bench: %3d%% %s%n", percent(), name);
            err.flush();
        }
    }

    /** How far the current phase is, when it is bounded by a count rather than time. */
    void fraction(final double f) {
        fraction = f;
    }

    private int percent() {
        final long inPhase = Math.min(phaseMs, (System.nanoTime() - phaseStartNanos) / 1_000_000);
        return (int) Math.min(100, 100 * (doneBeforeMs + inPhase) / totalMs);
    }

    private void paintLoop() {
        while (running) {
            final double elapsedS = (System.nanoTime() - phaseStartNanos) / 1e9;
            final int p = percent();
            final int filled = p * WIDTH / 100;
            final String detail = fraction >= 0 ? String.format(Locale.ROOT, "%.0f%%", 100 * fraction)
                : phaseMs > 0 ? String.format(Locale.ROOT, "%.1fs/%.1fs", elapsedS, phaseMs / 1000.0)
                : String.format(Locale.ROOT, "%.1fs", elapsedS);
            err.print("\r\u001b[2K[" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "] "
                + String.format(Locale.ROOT, "%3d%%", p) + "  " + phase + " " + detail);
            err.flush();
            try {
                Thread.sleep(REPAINT_MS);
            } catch (InterruptedException ex) {
                return;
            }
        }
    }

    @Override
    public void close() {
        running = false;
        if (terminal) {
            painter.interrupt();
            try {
                painter.join(1000);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            err.print("\r\u001b[2K");
            err.flush();
        }
    }
}
