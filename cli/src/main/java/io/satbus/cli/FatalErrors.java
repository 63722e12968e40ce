package io.satbus.cli;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;

/**
 * What a satbus process does when it cannot go on: it ends, with {@link #EXIT_FATAL}, so that
 * whatever supervises it ({@code satbus run}, systemd, Kubernetes) starts a new one. Custody
 * makes that safe: senders keep every message until it is done and send it again to the new
 * process.
 *
 * <ul>
 *   <li>{@code -XX:+ExitOnOutOfMemoryError} (given to every satbus JVM by {@code satbus run} and
 *       the {@code satbus} script) ends the process on any out-of-memory error the JVM raises,
 *       in whatever thread, whoever catches it.</li>
 *   <li>{@link #install()} makes this class the default handler of uncaught errors, which ZeroMQ's
 *       I/O threads take too: a {@link VirtualMachineError} that ends a thread (an out-of-memory
 *       error thrown by code, such as one for direct buffers, a stack overflow, an internal
 *       error) ends the process, since what the thread held is lost. Other errors are printed,
 *       as the JVM's own handler would.</li>
 *   <li>The orchester's watchdog ends it when its routing loop died or is wedged
 *       ({@link #halt(String)}).</li>
 * </ul>
 * The process halts (no shutdown hooks): a hook may need the memory, locks or loop that are gone.
 * Thread-safe.
 */
final class FatalErrors implements Thread.UncaughtExceptionHandler {
    /** Exit code of a process that could not go on (sysexits' EX_SOFTWARE); the JVM's own exit on out of memory is 3. */
    static final int EXIT_FATAL = 70;

    private FatalErrors() {
    }

    /** Makes this the default uncaught-exception handler; call first thing in main. */
    static void install() {
        Thread.setDefaultUncaughtExceptionHandler(new FatalErrors());
    }

    @Override
    public void uncaughtException(final Thread t, final Throwable e) {
        if (e instanceof VirtualMachineError) {
            halt("satbus: " + e + " in thread " + t.getName() + "; ending the process (exit " + EXIT_FATAL + ")");
        }
        System.err.print("Exception in thread \"" + t.getName() + "\" ");
        e.printStackTrace(System.err);
    }

    /** Prints {@code line} on stderr (without allocating much: memory may be gone) and halts with {@link #EXIT_FATAL}. */
    static void halt(final String line) {
        try {
            System.err.println(line);
            System.err.flush();
        } finally {
            Runtime.getRuntime().halt(EXIT_FATAL);
        }
    }

    /** True when this JVM runs with {@code -XX:+ExitOnOutOfMemoryError}; false when off or not told. */
    static boolean exitsOnOutOfMemory() {
        try {
            return Boolean.parseBoolean(ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                .getVMOption("ExitOnOutOfMemoryError").getValue());
        } catch (RuntimeException notHotSpot) {
            return false;
        }
    }
}
