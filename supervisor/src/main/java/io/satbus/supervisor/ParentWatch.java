package io.satbus.supervisor;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * The child's side of its supervisor's stdin pipe: a line {@code stop} asks it to drain and
 * exit; end of file means the supervisor is gone (it exited or was killed, even with SIGKILL:
 * the kernel closes its end of the pipe), so the child must not outlive it. Runs on a daemon
 * thread; the callbacks run there.
 */
public final class ParentWatch implements Runnable {
    /** How long a child whose supervisor is gone may take to close before it halts. */
    public static final long DEFAULT_ORPHAN_EXIT_MS = 3000;
    /** Exit code of a child that halts because its supervisor is gone. */
    public static final int EXIT_ORPHANED = 4;

    private final Runnable onStop;
    private final Runnable onParentGone;

    private ParentWatch(final Runnable onStop, final Runnable onParentGone) {
        this.onStop = onStop;
        this.onParentGone = onParentGone;
    }

    /**
     * Watches stdin. When the supervisor is gone, {@code onParentGone} runs and the process halts
     * after {@link #DEFAULT_ORPHAN_EXIT_MS} if it has not exited by then.
     */
    public static void start(final Runnable onStop, final Runnable onParentGone) {
        final Thread t = new Thread(new ParentWatch(onStop, onParentGone), "satbus-parent-watch");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void run() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII))) {
            String line;
            while ((line = in.readLine()) != null) {
                if ("stop".equals(line.trim())) {
                    onStop.run();
                }
            }
        } catch (IOException ex) {
            // A broken pipe is the same news as end of file.
        }
        System.err.println("satbus: supervisor gone (stdin closed); exiting");
        final Thread halt = new Thread(() -> {
            try {
                Thread.sleep(DEFAULT_ORPHAN_EXIT_MS);
            } catch (InterruptedException ignored) {
                // halting anyway
            }
            Runtime.getRuntime().halt(EXIT_ORPHANED);
        }, "satbus-orphan-halt");
        halt.setDaemon(true);
        halt.start();
        onParentGone.run();
    }
}
