package io.satbus.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * For tests only: makes a real orchester process run out of memory on demand, to show that it
 * then ends and is restarted with nothing lost (OrchesterOutOfMemoryIT). Started with the system
 * property {@value #PROPERTY}{@code =FILE}, a daemon thread looks for FILE every
 * {@value #POLL_MS} ms; when it appears, the thread deletes it (so the process restarted with
 * the same options does not follow suit) and fills the heap until the JVM throws
 * {@code OutOfMemoryError}, in a thread of its own: any thread's error must end the process.
 *
 * <p>It cannot be set off from the network: only a JVM started with the property (on its command
 * line, by whoever starts the process) looks for the file, and only someone who may write that
 * file on this machine can create it. Without the property nothing starts; with it a warning
 * says so at start.
 */
final class OomTrigger {
    static final String PROPERTY = "satbus.test.oom_trigger";
    static final long POLL_MS = 100;
    private static final Logger LOG = LoggerFactory.getLogger(OomTrigger.class);
    private static final int CHUNK_LONGS = 128 * 1024;

    private OomTrigger() {
    }

    /** Starts the watching thread when the property is set; else does nothing. */
    static void armIfAsked() {
        final String file = System.getProperty(PROPERTY);
        if (file == null || file.isBlank()) {
            return;
        }
        final Path trigger = Path.of(file);
        LOG.warn("test hook armed ({}={}): this process fills its heap when that file appears", PROPERTY, trigger);
        final Thread t = new Thread(() -> watch(trigger), "satbus-test-oom");
        t.setDaemon(true);
        t.start();
    }

    private static void watch(final Path trigger) {
        while (true) {
            try {
                if (Files.deleteIfExists(trigger)) {
                    LOG.warn("test hook: {} appeared, filling the heap", trigger);
                    fillHeap();
                }
            } catch (java.io.IOException ex) {
                LOG.warn("test hook: cannot read {}: {}", trigger, ex.toString());
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(POLL_MS));
        }
    }

    private static void fillHeap() {
        final List<long[]> hog = new ArrayList<>();
        while (true) {
            hog.add(new long[CHUNK_LONGS]);
        }
    }
}
