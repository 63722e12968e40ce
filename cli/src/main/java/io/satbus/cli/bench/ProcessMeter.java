package io.satbus.cli.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * Reads what the process spends: CPU time, bytes allocated by all live threads, garbage
 * collections, and the heap in use. {@link #sample()} is cheap enough to call ten times a second.
 * Owned by the bench thread.
 */
final class ProcessMeter {
    private final com.sun.management.OperatingSystemMXBean os;
    private final com.sun.management.ThreadMXBean threads;

    ProcessMeter() {
        this.os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        final ThreadMXBean t = ManagementFactory.getThreadMXBean();
        this.threads = t instanceof com.sun.management.ThreadMXBean sun && sun.isThreadAllocatedMemorySupported()
            ? sun : null;
    }

    /**
     * The counters now.
     *
     * @param cpuNanos       CPU time of the process so far, or -1 when the JVM cannot tell
     * @param allocatedBytes bytes allocated by the threads alive now, or -1 when the JVM cannot tell
     * @param gcCount        collections so far
     * @param gcMs           time in collections so far
     * @param heapUsedBytes  heap in use now
     * @param atNanos        when, on {@link System#nanoTime()}
     */
    record Sample(long cpuNanos, long allocatedBytes, long gcCount, long gcMs, long heapUsedBytes, long atNanos) {
    }

    Sample sample() {
        long gcCount = 0;
        long gcMs = 0;
        for (final GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            gcCount += Math.max(0, gc.getCollectionCount());
            gcMs += Math.max(0, gc.getCollectionTime());
        }
        return new Sample(os.getProcessCpuTime(), allocated(), gcCount, gcMs,
            ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), System.nanoTime());
    }

    private long allocated() {
        if (threads == null) {
            return -1;
        }
        long sum = 0;
        for (final long bytes : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
            sum += Math.max(0, bytes);
        }
        return sum;
    }
}
