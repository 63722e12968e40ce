package io.satbus.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Helpers shared by the cli tests: free loopback ports, the repository root, waiting. */
final class TestTopologies {
    private TestTopologies() {
    }

    /** Three distinct free TCP ports on 127.0.0.1. */
    static int[] freePorts(final int n) {
        final int[] ports = new int[n];
        final ServerSocket[] held = new ServerSocket[n];
        try {
            for (int i = 0; i < n; i++) {
                held[i] = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
                ports[i] = held[i].getLocalPort();
            }
            return ports;
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        } finally {
            for (ServerSocket s : held) {
                if (s != null) {
                    try {
                        s.close();
                    } catch (IOException ignored) {
                        // a port we could not close is still reported as used by the next bind
                    }
                }
            }
        }
    }

    /**
     * The orchester section of a topology on fresh free ports, with a short heartbeat and a
     * liveness of 5 s: child JVMs starved of CPU on a busy 2-core build machine must not be
     * declared lost (their work would be dispatched again, and delivered twice).
     */
    static String orchesterOnFreePorts() {
        final int[] p = freePorts(3);
        return "orchester: { host: 127.0.0.1, service_port: " + p[0] + ", pub_port: " + p[1] + ", sub_port: " + p[2]
            + ", heartbeat_interval: 200ms, heartbeat_liveness: 25 }\n";
    }

    /** The tracker's metrics HTTP view on any free port: its default, 127.0.0.1:5674, may be taken. */
    static final String METRICS_ON_ANY_PORT = "metrics: { http: \"127.0.0.1:0\" }";

    /** A tracker section with nothing but {@link #METRICS_ON_ANY_PORT}. */
    static String trackerOnAnyPort() {
        return "tracker: { " + METRICS_ON_ANY_PORT + " }\n";
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
     * Copies an example topology into {@code dir} with its orchester moved to free ports and its
     * metrics HTTP view on any free port.
     */
    static Path onFreePorts(final Path example, final Path dir) throws IOException {
        final String text = Files.readString(example);
        final int[] ports = freePorts(3);
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
        moved = moved.contains("\ntracker:\n") ? moved.replace("\ntracker:\n", "\ntracker:\n  " + METRICS_ON_ANY_PORT + "\n")
            : moved + "\n" + trackerOnAnyPort();
        final Path copy = dir.resolve(example.getFileName());
        Files.writeString(copy, moved);
        return copy;
    }

    /** Polls {@code condition} until it holds or {@code timeout} passes; false on timeout. */
    static boolean waitFor(final BooleanSupplier condition, final Duration timeout) throws InterruptedException {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.onSpinWait();
            Thread.sleep(10);
        }
        return condition.getAsBoolean();
    }
}
