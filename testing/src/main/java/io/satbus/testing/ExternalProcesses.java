package io.satbus.testing;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The programs of other projects that tests start for real (carbon-cache, graphite-web,
 * chromium): finding one, waiting for its port, the end of its output for a failure message,
 * and stopping it with everything it started.
 */
public final class ExternalProcesses {
    private ExternalProcesses() {
    }

    /**
     * The first of {@code names} that is an executable file on PATH or in one of {@code more}
     * folders; fails saying where it looked and {@code install} when there is none.
     */
    public static Path executable(final String install, final List<String> more, final String... names) {
        final Set<Path> tried = new LinkedHashSet<>();
        final List<String> folders = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "")
            .split(File.pathSeparator)));
        folders.addAll(more);
        for (final String folder : folders) {
            if (folder.isEmpty()) {
                continue;
            }
            tried.add(Path.of(folder));
            for (final String name : names) {
                if (Files.isExecutable(Path.of(folder, name))) {
                    return Path.of(folder, name);
                }
            }
        }
        throw new AssertionError(String.join(" or ", names) + " : not found in " + tried + " (expected: " + install
            + ")");
    }

    /** True when something accepts a TCP connection on 127.0.0.1:{@code port} within half a second. */
    public static boolean accepts(final int port) {
        try (Socket probe = new Socket()) {
            probe.connect(new InetSocketAddress(Ports.HOST, port), 500);
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    /**
     * Waits until {@code process} accepts connections on {@code port}; fails at once, with
     * {@code log}, if it exits first.
     */
    public static void awaitPort(final String what, final Process process, final int port, final long timeoutMs,
                                 final Supplier<String> log) {
        Eventually.waitUntil(what + " listening on 127.0.0.1:" + port, timeoutMs, () -> {
            if (!process.isAlive()) {
                throw new AssertionError(what + " exited with " + process.exitValue() + " at start\n" + log.get());
            }
            return accepts(port);
        }, () -> "\n" + log.get());
    }

    /** The last {@code lines} lines of {@code file}, headed by its name, or why there are none. */
    public static String tail(final Path file, final int lines) {
        try {
            final List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return file.getFileName() + " (last " + lines + " lines):\n"
                + String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException ex) {
            return "no " + file.getFileName() + " (" + ex + ")";
        }
    }

    /** Stops {@code process} and everything it started, each forcibly if it is not gone after 10 s. */
    public static void stopTree(final Process process) {
        final List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.add(process.toHandle());
        tree.forEach(ProcessHandle::destroy);
        for (final ProcessHandle p : tree) {
            try {
                p.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception notYet) {
                p.destroyForcibly();
            }
        }
    }
}
