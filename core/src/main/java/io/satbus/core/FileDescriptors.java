package io.satbus.core;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

/**
 * The file descriptors of this process: how many are open and the most it may open (its
 * {@code RLIMIT_NOFILE}, which the JVM raises to the hard limit at start). Every socket,
 * accepted connection and open file takes one; a process at its limit can accept no connection
 * and open no file, which is why satbus reports both numbers (admin status, metrics) and checks
 * the limit at start. Both are -1 where the platform does not tell (not a Unix).
 *
 * <p>Immutable. {@link #now()} lists the process's descriptors (on Linux, {@code /proc/self/fd}):
 * its cost grows with their number, so callers on a hot loop read it at most every second or so.
 *
 * @param open descriptors open now
 * @param max  the most this process may have open
 */
public record FileDescriptors(long open, long max) {
    public static final FileDescriptors UNKNOWN = new FileDescriptors(-1, -1);

    /** The numbers now, or {@link #UNKNOWN}. Thread-safe. */
    public static FileDescriptors now() {
        final OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            return new FileDescriptors(unix.getOpenFileDescriptorCount(), unix.getMaxFileDescriptorCount());
        }
        return UNKNOWN;
    }

    public boolean known() {
        return max >= 0;
    }
}
