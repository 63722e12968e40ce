package io.satbus.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import sun.misc.Signal;

/**
 * SIGINT and SIGTERM for a command that stops in its own time: the first asks it to stop
 * (drain), the second ends the process at once with exit code 130.
 *
 * <p>Thread-safe: signals arrive on a JVM thread, the command's main thread waits.
 */
final class StopSignal {
    static final int EXIT_INTERRUPTED = 130;

    private final CountDownLatch requested = new CountDownLatch(1);
    private final AtomicInteger count = new AtomicInteger();
    private final AtomicReference<Runnable> onRequest = new AtomicReference<>();

    private StopSignal() {
    }

    /** Installs the handlers; commands call it once, before they start anything. */
    static StopSignal install() {
        final StopSignal s = new StopSignal();
        for (String name : new String[] {"INT", "TERM"}) {
            try {
                Signal.handle(new Signal(name), sig -> s.onSignal());
            } catch (IllegalArgumentException unsupported) {
                // Not every platform lets a program handle every signal; the default then applies.
            }
        }
        return s;
    }

    /**
     * For a child of {@code satbus run}: SIGTERM as in {@link #install()}, SIGINT ignored, since
     * Ctrl-C in a terminal reaches the whole process group and the supervisor stops its children
     * in order itself.
     */
    static StopSignal installSupervised() {
        final StopSignal s = new StopSignal();
        try {
            Signal.handle(new Signal("TERM"), sig -> s.onSignal());
            Signal.handle(new Signal("INT"), sun.misc.SignalHandler.SIG_IGN);
        } catch (IllegalArgumentException unsupported) {
            // Not every platform lets a program handle every signal; the default then applies.
        }
        return s;
    }

    /** A stop signal that only {@link #request()} triggers; for tests and embedding. */
    static StopSignal manual() {
        return new StopSignal();
    }

    private void onSignal() {
        if (count.incrementAndGet() > 1) {
            System.err.println("satbus: second interrupt, stopping now");
            Runtime.getRuntime().halt(EXIT_INTERRUPTED);
        }
        System.err.println("satbus: stopping, draining in-flight work (Ctrl-C again to stop now)");
        request();
    }

    void request() {
        requested.countDown();
        final Runnable then = onRequest.getAndSet(null);
        if (then != null) {
            then.run();
        }
    }

    /**
     * Runs {@code action} once a stop is requested, on the thread that requests it (a signal's),
     * or at once when one already was: what must not wait for the command's thread to notice.
     */
    void whenRequested(final Runnable action) {
        onRequest.set(action);
        if (requested()) {
            final Runnable then = onRequest.getAndSet(null);
            if (then != null) {
                then.run();
            }
        }
    }

    boolean requested() {
        return requested.getCount() == 0;
    }

    void await() throws InterruptedException {
        requested.await();
    }

    /** Waits up to {@code millis}; true when a stop was requested. */
    boolean await(final long millis) throws InterruptedException {
        return requested.await(millis, TimeUnit.MILLISECONDS);
    }
}
