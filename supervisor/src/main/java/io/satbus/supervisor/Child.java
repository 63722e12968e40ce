package io.satbus.supervisor;

/**
 * One incarnation of an instance the supervisor keeps: a process ({@link ProcessChild}), or a
 * test's stand-in, so that {@link Supervisor} can be tested on simulated time without starting
 * anything. Owned by the supervisor's loop.
 */
interface Child {
    /** Asks it to drain and exit ({@code stop} on its stdin). */
    void requestStop();

    /** Ends it at once (SIGKILL). */
    void kill();

    boolean alive();

    /** Its exit code; only once it is not {@link #alive()}. */
    int exitCode();

    long pid();

    /**
     * Why it exited, in one line, once it has exited (after {@link #finalReport()}):
     * {@code exit 1: ModuleNotFoundError: No module named 'msgpack'}, {@code killed by signal 9}.
     */
    String exitReason();

    /** Its latest report, or null before the first. */
    ChildReport report();

    /** The report it printed last, once it has exited, its output read to the end (briefly waited for). */
    ChildReport finalReport();

    /** Waits up to {@code timeoutMs} for it to exit; true when it has. */
    boolean awaitExit(long timeoutMs) throws InterruptedException;
}
