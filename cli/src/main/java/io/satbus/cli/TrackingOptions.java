package io.satbus.cli;

import io.satbus.core.topology.Topology;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/**
 * {@code --tracker}, {@code --no-tracker} and {@code --http}, shared by the commands that start an
 * orchester or a tracker.
 */
final class TrackingOptions {
    private static final Pattern HOST_PORT = Pattern.compile("(.+):(\\d{1,5})");

    @Option(names = "--http", paramLabel = "HOST:PORT|off",
        description = "Where the local HTTP view of the metrics listens (port 0: any free port), or off."
            + " Default: the topology's tracker.metrics.http, else 127.0.0.1 on the orchester's service_port + 4"
            + " (5674 with the default ports).")
    String http;

    @Option(names = "--tracker", paramLabel = "tcp://HOST:PORT", converter = EndpointConverter.class,
        description = "Use the tracker running at this endpoint (see 'satbus tracker') instead of one in this process.")
    String remote;

    @Option(names = "--no-tracker",
        description = "Run without a tracker: no deadlines; the orchester retries failed attempts on its own.")
    boolean off;

    /** {@code topology} with {@code --http} applied. */
    Topology apply(final Topology topology) {
        if (remote != null && topology.orchester().paired()) {
            // A tracker follows one orchester (a new one's HELLO starts it afresh): two would mix their dispatches.
            throw new IllegalArgumentException("--tracker " + remote + " : topology " + topology.name() + " has an "
                + "orchester pair (expected: no --tracker, each orchester of a pair runs its own tracker in its process,"
                + " or --no-tracker)");
        }
        if (http == null) {
            return topology;
        }
        final var tracker = topology.tracker();
        if ("off".equals(http)) {
            return topology.withTracker(tracker.withHttp(null, 0));
        }
        final Matcher m = HOST_PORT.matcher(http);
        final int port = m.matches() ? Integer.parseInt(m.group(2)) : -1;
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--http " + http + " (expected: HOST:PORT with PORT 0..65535, or off)");
        }
        return topology.withTracker(tracker.withHttp(m.group(1), port));
    }

    OrchesterRole.Tracking mode() {
        if (off && remote != null) {
            throw new IllegalArgumentException("--tracker " + remote + " and --no-tracker (expected: at most one of them)");
        }
        return off ? OrchesterRole.Tracking.OFF : remote != null ? OrchesterRole.Tracking.REMOTE : OrchesterRole.Tracking.IN_PROCESS;
    }
}
