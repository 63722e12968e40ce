package io.satbus.cli;

import io.satbus.testing.Ports;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Helpers shared by the cli tests: free loopback ports, the repository root, waiting. */
final class TestTopologies {
    private TestTopologies() {
    }

    /**
     * A short heartbeat and a liveness of 5 s: child JVMs starved of CPU on a busy 2-core build
     * machine must not be declared lost (their work would be dispatched again, and delivered twice).
     */
    static final String HEARTBEAT_SLACK = "heartbeat_interval: 200ms, heartbeat_liveness: 25";

    /**
     * A tracker deadline that a starved child's late answer never overruns: the retry would
     * deliver the message twice, and a test that counts deliveries exactly would fail.
     */
    static final String TIMEOUT_SLACK = "timeout: 30s";

    /** The orchester section of a topology on fresh free ports, with {@link #HEARTBEAT_SLACK}. */
    static String orchesterOnFreePorts() {
        final int[] p = Ports.freePorts(3);
        return "orchester: { host: 127.0.0.1, service_port: " + p[0] + ", pub_port: " + p[1] + ", sub_port: " + p[2]
            + ", " + HEARTBEAT_SLACK + " }\n";
    }

    /** The tracker's metrics HTTP view on any free port: its default, 127.0.0.1:5674, may be taken. */
    static final String METRICS_ON_ANY_PORT = "metrics: { http: \"127.0.0.1:0\" }";

    /** A tracker section with {@link #METRICS_ON_ANY_PORT} and {@link #TIMEOUT_SLACK}. */
    static String trackerOnAnyPort() {
        return "tracker: { " + METRICS_ON_ANY_PORT + ", " + TIMEOUT_SLACK + " }\n";
    }

    /** The repository's root folder: the one holding {@code topologies/}. */
    static Path repoRoot() {
        final String prop = System.getProperty("satbus.repo");
        if (prop != null) {
            return Path.of(prop).toAbsolutePath().normalize();
        }
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("topologies"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("no topologies/ folder above " + Path.of("").toAbsolutePath());
        }
        return p;
    }

    /**
     * Copies an example topology into {@code dir} with its orchester moved to free ports, its
     * metrics HTTP view on any free port, and the slack of a loaded build machine:
     * {@link #HEARTBEAT_SLACK} and {@link #TIMEOUT_SLACK} in place of its own timeout.
     */
    static Path onFreePorts(final Path example, final Path dir) throws IOException {
        final String text = Files.readString(example);
        final int[] ports = Ports.freePorts(3);
        String moved = text;
        final String[] keys = {"service_port", "pub_port", "sub_port"};
        for (int i = 0; i < keys.length; i++) {
            moved = moved.replaceFirst("\\b" + keys[i] + ":\\s*\\d+", keys[i] + ": " + ports[i]);
        }
        if (moved.equals(text)) {
            throw new IllegalStateException(example + " names no orchester ports to move");
        }
        if (moved.contains("metrics:")) {
            throw new IllegalStateException(example + " has a metrics section of its own: move its http port by hand");
        }
        moved = withHeartbeatSlack(example, moved);
        final String tracker = "\ntracker:\n";
        final int at = moved.indexOf(tracker);
        if (at < 0) {
            moved = moved + "\n" + trackerOnAnyPort();
        } else {
            final int start = at + tracker.length();
            int end = start;
            while (end < moved.length() && moved.charAt(end) == ' ') {
                final int eol = moved.indexOf('\n', end);
                end = eol < 0 ? moved.length() : eol + 1;
            }
            final String own = moved.substring(start, end).replaceAll("(?m)^ +timeout:.*\n?", "");
            moved = moved.substring(0, start) + "  " + METRICS_ON_ANY_PORT + "\n  " + TIMEOUT_SLACK + "\n" + own
                + moved.substring(end);
        }
        final Path copy = dir.resolve(example.getFileName());
        Files.writeString(copy, moved);
        return copy;
    }

    /** {@code text} with {@link #HEARTBEAT_SLACK} after its sub_port, in flow or block style. */
    private static String withHeartbeatSlack(final Path example, final String text) {
        if (text.contains("heartbeat_")) {
            throw new IllegalStateException(example + " sets heartbeats of its own: give it the slack by hand");
        }
        final String flow = text.replaceFirst("(\\bsub_port: \\d+)([ \\t]*[,}])", "$1, " + HEARTBEAT_SLACK + "$2");
        if (!flow.equals(text)) {
            return flow;
        }
        final String block = text.replaceFirst("(?m)^( +)(sub_port: \\d+)$",
            "$1$2\n$1" + HEARTBEAT_SLACK.replace(", ", "\n$1"));
        if (block.equals(text)) {
            throw new IllegalStateException(example + " has no sub_port line to put the heartbeats after");
        }
        return block;
    }

    /** Polls {@code condition} until it holds or {@code timeout} passes; false on timeout. */
}
