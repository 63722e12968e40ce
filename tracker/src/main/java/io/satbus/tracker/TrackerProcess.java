package io.satbus.tracker;

import io.satbus.core.Endpoints;
import io.satbus.core.topology.Topology;
import java.util.concurrent.CountDownLatch;

/**
 * The tracker in a process of its own, for the cli's {@code satbus tracker TOPOLOGY} verb: binds
 * TCP, and runs until the calling thread is interrupted (or the JVM shuts down). The orchester
 * then starts with {@code Orchester.start(OrchesterConfig.from(topology), "tcp://HOST:PORT")}.
 */
public final class TrackerProcess {
    /** The port a tracker listens on unless told otherwise: the orchester's defaults are 5670..5672. */
    public static final int DEFAULT_PORT = 5673;

    private TrackerProcess() {
    }

    /** {@code tcp://HOST:5673}. */
    public static String defaultEndpoint(final String host) {
        return Endpoints.tcp(host, DEFAULT_PORT);
    }

    /**
     * Starts the tracker of {@code topology} at {@code endpoint} ({@code tcp://HOST:PORT}) and blocks
     * until this thread is interrupted; then closes it. Returns 0, the exit status.
     *
     * @throws IllegalStateException when the endpoint cannot be bound; its message is for the user
     */
    public static int run(final Topology topology, final String endpoint) {
        try (Tracker tracker = Tracker.start(TrackerConfig.from(topology), endpoint)) {
            final Thread hook = new Thread(tracker::close, "satbus-tracker-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running or has run: the tracker is closing anyway
                }
            }
        }
        return 0;
    }
}
