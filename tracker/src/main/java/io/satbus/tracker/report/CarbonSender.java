package io.satbus.tracker.report;

import com.codahale.metrics.Clock;
import com.codahale.metrics.graphite.Graphite;
import com.codahale.metrics.graphite.GraphiteSender;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transport under {@code GraphiteReporter}: Dropwizard's plaintext {@link Graphite} sender,
 * made safe to lose.
 *
 * <ul>
 *   <li>Every report is one connection: {@code GraphiteReporter} calls {@link #connect()}, then
 *       {@link #send} per value, {@link #flush()}, and {@link #close()} in a finally block. So
 *       a report after carbon came back simply connects again.</li>
 *   <li>Each report has a deadline (connect timeout plus write timeout). A watchdog thread
 *       closes the socket when it passes, so a carbon that accepts but never reads cannot stall
 *       the reporter thread for longer than that.</li>
 *   <li>Failures stop here: the rest of the failed report is dropped, the failure is counted
 *       ({@link #status()}) and logged with the endpoint: WARN on the first failure of an
 *       outage, DEBUG while it lasts, INFO when reports go through again. The reporter's own
 *       warning (which names no endpoint) never fires, and the schedule goes on.</li>
 * </ul>
 *
 * <p>Not thread-safe: {@code connect/send/flush/close} come from the reporter thread (which
 * {@code ScheduledReporter.report()} serializes); {@link #status()} may be read by any thread.
 */
final class CarbonSender implements GraphiteSender {
    private static final Logger LOG = LoggerFactory.getLogger(CarbonSender.class);

    private final String endpoint;
    private final CarbonSockets sockets;
    private final Graphite graphite;
    private final ScheduledExecutorService watchdog;
    private final long reportDeadlineMs;
    private final Clock clock;

    private ScheduledFuture<?> deadline;
    private boolean failed;
    private volatile boolean deadlinePassed;

    private final AtomicLong reportsSent = new AtomicLong();
    private final AtomicLong reportsFailed = new AtomicLong();
    private volatile long consecutiveFailures;
    private volatile long lastSentAtMs;
    private volatile String lastError;

    /**
     * @param host             carbon host; resolved again at each connect
     * @param port             carbon plaintext port
     * @param connectTimeoutMs longest wait for a connection
     * @param writeTimeoutMs   longest time a connected report may take to write and flush
     * @param watchdog         the thread that enforces deadlines; must not be the reporter's
     * @param clock            for {@link GraphiteStatus#lastSentAtMs()}
     */
    CarbonSender(final String host, final int port, final long connectTimeoutMs, final long writeTimeoutMs,
                 final ScheduledExecutorService watchdog, final Clock clock) {
        if (port <= 0 || port > 65_535) {
            throw new IllegalArgumentException("graphite port : " + port + " (expected: 1..65535)");
        }
        if (writeTimeoutMs <= 0) {
            throw new IllegalArgumentException("writeTimeoutMs : " + writeTimeoutMs + " (expected: > 0)");
        }
        this.endpoint = host + ':' + port;
        this.sockets = new CarbonSockets(connectTimeoutMs);
        this.graphite = new Graphite(host, port, sockets, StandardCharsets.UTF_8);
        this.watchdog = watchdog;
        this.reportDeadlineMs = connectTimeoutMs + writeTimeoutMs;
        this.clock = clock;
    }

    /** Carbon's endpoint, {@code host:port}. */
    String endpoint() {
        return endpoint;
    }

    /** A snapshot of how reporting goes; any thread. */
    GraphiteStatus status() {
        return new GraphiteStatus(endpoint, reportsSent.get(), reportsFailed.get(), consecutiveFailures, lastSentAtMs,
            lastError);
    }

    @Override
    public void connect() {
        closeQuietly();
        failed = false;
        deadlinePassed = false;
        deadline = watchdog.schedule(this::deadlinePassed, reportDeadlineMs, TimeUnit.MILLISECONDS);
        try {
            graphite.connect();
        } catch (IOException | IllegalStateException ex) {
            fail(ex);
        }
    }

    @Override
    public void send(final String name, final String value, final long timestamp) {
        if (failed) {
            return;
        }
        try {
            graphite.send(name, value, timestamp);
        } catch (IOException ex) {
            fail(ex);
        }
    }

    @Override
    public void flush() {
        if (failed) {
            return;
        }
        try {
            graphite.flush();
        } catch (IOException ex) {
            fail(ex);
            return;
        }
        if (deadlinePassed) {
            fail(new IOException("closed by the deadline"));
            return;
        }
        succeeded();
    }

    @Override
    public void close() {
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
        closeQuietly();
    }

    @Override
    public boolean isConnected() {
        return graphite.isConnected();
    }

    @Override
    public int getFailures() {
        return (int) Math.min(Integer.MAX_VALUE, reportsFailed.get());
    }

    private void deadlinePassed() {
        deadlinePassed = true;
        sockets.abort();
    }

    private void succeeded() {
        reportsSent.incrementAndGet();
        lastSentAtMs = clock.getTime();
        final long outage = consecutiveFailures;
        if (outage > 0) {
            consecutiveFailures = 0;
            LOG.info("graphite {}: reports go through again after {} failed", endpoint, outage);
        }
    }

    private void fail(final Exception ex) {
        failed = true;
        final String why = deadlinePassed
            ? "no progress within " + reportDeadlineMs + " ms (connect and write timeouts), socket closed"
            : ex.toString();
        lastError = why;
        reportsFailed.incrementAndGet();
        final long outage = ++consecutiveFailures;
        if (outage == 1) {
            LOG.warn("graphite {}: report failed, dropped; the next report reconnects: {}", endpoint, why);
        } else {
            LOG.debug("graphite {}: report failed ({} in a row): {}", endpoint, outage, why, ex);
        }
        closeQuietly();
    }

    private void closeQuietly() {
        try {
            graphite.close();
        } catch (IOException ex) {
            LOG.debug("graphite {}: closing the connection failed", endpoint, ex);
        }
    }
}
