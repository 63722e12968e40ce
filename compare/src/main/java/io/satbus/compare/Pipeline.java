package io.satbus.compare;

import java.nio.ByteBuffer;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * One system carrying satbus's bench shape: a generator sends 100-byte messages to a worker,
 * which transforms each (upper case) and sends it on to a sink. At most {@code window} messages
 * are between the generator and the end of their journey at once; a message's latency runs from
 * its send to that end (the generator's acknowledgement for request/reply, the sink for the
 * rest). Each message carries its send time in its first 8 bytes.
 */
abstract class Pipeline implements AutoCloseable {
    private final Semaphore window;
    private final int windowSize;
    private final Recorder latencyUs = new Recorder(3);
    private final LongAdder delivered = new LongAdder();
    private final LongAdder failed = new LongAdder();

    Pipeline(final int window) {
        this.windowSize = window;
        this.window = new Semaphore(window);
    }

    /** Sets up the worker and the sink (and anything the generator needs). */
    abstract void start() throws Exception;

    /** Sends one message; the system calls {@link #done} or {@link #failed} for it later. */
    abstract void send(byte[] payload) throws Exception;

    /** What the table calls this system. */
    abstract String label();

    /** The message sent at {@code sentNanos} reached the end of its journey. */
    final void done(final long sentNanos) {
        latencyUs.recordValue(Math.max(0, (System.nanoTime() - sentNanos) / 1000));
        delivered.increment();
        window.release();
    }

    /** A message was not delivered (an error the system reported). */
    final void failed() {
        failed.increment();
        window.release();
    }

    /** Generates until {@code untilNanos}: false when the window stayed full for 10 s (a stall). */
    final boolean generate(final int payloadSize, final long untilNanos) throws Exception {
        final byte[] template = new byte[payloadSize];
        for (int i = 8; i < payloadSize; i++) {
            template[i] = (byte) ('a' + i % 26);
        }
        while (System.nanoTime() < untilNanos) {
            if (!window.tryAcquire(10, TimeUnit.SECONDS)) {
                return false;
            }
            final byte[] p = template.clone();
            ByteBuffer.wrap(p).putLong(0, System.nanoTime());
            send(p);
        }
        return true;
    }

    /** Waits up to {@code seconds} for every message in the window to end its journey. */
    final boolean drain(final int seconds) throws InterruptedException {
        if (window.tryAcquire(windowSize, seconds, TimeUnit.SECONDS)) {
            window.release(windowSize);
            return true;
        }
        return false;
    }

    final long delivered() {
        return delivered.sum();
    }

    final long failures() {
        return failed.sum();
    }

    /** The latencies since the last call. */
    final Histogram interval() {
        return latencyUs.getIntervalHistogram();
    }

    static long sentNanos(final byte[] payload) {
        return ByteBuffer.wrap(payload).getLong(0);
    }

    /** The worker's transformation: the payload in upper case (its time stamp kept). */
    static byte[] upper(final byte[] payload) {
        final byte[] out = payload.clone();
        for (int i = 8; i < out.length; i++) {
            final byte b = out[i];
            if (b >= 'a' && b <= 'z') {
                out[i] = (byte) (b - 32);
            }
        }
        return out;
    }
}
