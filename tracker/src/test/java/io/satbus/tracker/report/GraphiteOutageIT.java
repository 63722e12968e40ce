package io.satbus.tracker.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.codahale.metrics.Counter;
import com.codahale.metrics.MetricFilter;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import io.satbus.testing.Eventually;
import io.satbus.testing.Ports;
import io.satbus.tracker.testing.SampleMetrics;
import io.satbus.tracker.testing.TestTopologies;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Scheduled reporting (every 200 ms) through a carbon outage, while a "routing" thread counts
 * as fast as it can: carbon refuses connections, then accepts and hangs, then comes back on
 * the same port. Reports keep being attempted, routing never waits on them, and metrics arrive
 * again once carbon is back.
 */
@Timeout(120)
class GraphiteOutageIT {
    private static final String T = "outage";
    private static final long INTERVAL_MS = 200;
    private static final long CONNECT_TIMEOUT_MS = 500;
    /** A report deadline of 6 s: a report to the stalled carbon holds its thread that long. */
    private static final long WRITE_TIMEOUT_MS = 5500;
    /**
     * Half a report deadline: a routing thread that waited on a report would pause at least a
     * whole deadline, while a stall of a loaded machine (GC, CPU starvation) of up to 3 s passes.
     */
    private static final long MAX_ROUTING_GAP_MS = 3000;
    private static final long WAIT_MS = 30_000;
    private static final String DONE = "satbus.outage.upper.done";

    @Test
    void reportingGoesOnThroughAnOutageWithoutSlowingRoutingAndResumesAfter() throws Exception {
        final MetricRegistry registry = SampleMetrics.registry(T);
        FakeCarbon carbon = FakeCarbon.listening(0);
        final int port = carbon.port();
        final Routing routing = new Routing(registry.counter(DONE), registry.timer("satbus.outage.upper.latency"));
        try (MetricsReporting reporting = MetricsReporting.forRegistry(registry).httpPort(0)
            .connectTimeoutMs(CONNECT_TIMEOUT_MS).writeTimeoutMs(WRITE_TIMEOUT_MS)
            .start(TestTopologies.topology(T, Ports.HOST, port, INTERVAL_MS))) {
            routing.start();
            final FakeCarbon first = carbon;
            Eventually.waitUntil("reports at carbon", WAIT_MS, () -> first.lastValue(DONE + ".count") != null);

            carbon.close();
            final long failedBefore = failed(reporting);
            Eventually.waitUntil("3 refused reports", WAIT_MS, () -> failed(reporting) >= failedBefore + 3,
                () -> reporting.graphite().toString());

            // A carbon that accepts and never reads: reports must be big enough to fill the socket buffers.
            carbon = FakeCarbon.stalled(port);
            for (int i = 0; i < 50_000; i++) {
                registry.counter("satbus.outage.upper." + "x".repeat(200) + '.' + i).inc();
            }
            final long failedStalled = failed(reporting);
            Eventually.waitUntil("2 reports cut short by the deadline", WAIT_MS,
                () -> failed(reporting) >= failedStalled + 2, () -> reporting.graphite().toString());
            assertTrue(reporting.graphite().orElseThrow().lastError().startsWith("no progress within"),
                reporting.graphite().toString());
            registry.removeMatching(MetricFilter.startsWith("satbus.outage.upper.xxx"));
            carbon.close();

            carbon = FakeCarbon.listening(port);
            final long doneAtRestart = routing.done.getCount();
            final FakeCarbon back = carbon;
            Eventually.waitUntil("a count of at least " + doneAtRestart + " at the restarted carbon", WAIT_MS, () -> {
                final String v = back.lastValue(DONE + ".count");
                return v != null && Long.parseLong(v) >= doneAtRestart;
            }, () -> back.lineCount() + " lines, " + reporting.graphite());
            Eventually.waitUntil("a few reports after the restart", WAIT_MS, () -> back.connections() >= 3);
            // A report's lines are read by their connection's own thread, which may lag the accept.
            Eventually.waitUntil("more than 300 lines after the restart", WAIT_MS, () -> back.lineCount() > 3 * 100,
                () -> back.lineCount() + " lines after the restart");
            assertEquals(0, reporting.graphite().orElseThrow().consecutiveFailures(), reporting.graphite().toString());
        } finally {
            routing.stop();
            carbon.close();
        }
        assertTrue(routing.maxGapMs() < MAX_ROUTING_GAP_MS, "routing stalled for " + routing.maxGapMs() + " ms");
        assertTrue(routing.done.getCount() > 1000, "routing counted " + routing.done.getCount());
    }

    private static long failed(final MetricsReporting reporting) {
        return reporting.graphite().orElseThrow().reportsFailed();
    }

    /** A thread that counts and times as routing would, and remembers its longest pause. */
    private static final class Routing {
        private final Counter done;
        private final Timer latency;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicLong maxGapNanos = new AtomicLong();
        private final Thread thread;

        Routing(final Counter done, final Timer latency) {
            this.done = done;
            this.latency = latency;
            this.thread = new Thread(this::run, "routing");
            this.thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join(10_000);
        }

        long maxGapMs() {
            return TimeUnit.NANOSECONDS.toMillis(maxGapNanos.get());
        }

        private void run() {
            long last = System.nanoTime();
            while (running.get()) {
                done.inc();
                latency.update(1, TimeUnit.MILLISECONDS);
                final long now = System.nanoTime();
                maxGapNanos.accumulateAndGet(now - last, Math::max);
                last = now;
                Thread.onSpinWait();
            }
        }
    }
}
