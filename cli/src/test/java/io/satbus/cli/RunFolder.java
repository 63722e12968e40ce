package io.satbus.cli;

import io.satbus.supervisor.ControlService;
import io.satbus.supervisor.SupervisorStatus;
import io.satbus.testing.Eventually;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Reads what a supervised run leaves in its work folder: pid files, logs, and its control service's status. */
final class RunFolder {
    private RunFolder() {
    }

    /** The pid in {@code <label>.pid} of the (only) run folder under {@code work/runs}, or -1. */
    static long pid(final Path work, final String label) {
        try (Stream<Path> runs = Files.list(work.resolve("runs"))) {
            for (Path run : runs.toList()) {
                final Path f = run.resolve(label + ".pid");
                if (Files.exists(f)) {
                    return Long.parseLong(Files.readString(f).trim());
                }
            }
        } catch (IOException | NumberFormatException ex) {
            return -1;
        }
        return -1;
    }

    /**
     * Sends SIGKILL to the process of {@code <label>.pid}, after checking that it is a child of
     * {@code supervisor} (a stale pid file must not reach another process), and waits until it is
     * gone; returns its pid.
     */
    static long kill9(final Path work, final String label, final ProcessHandle supervisor) throws InterruptedException {
        final long pid = pid(work, label);
        final ProcessHandle child = supervisor.children().filter(c -> c.pid() == pid).findFirst()
            .orElseThrow(() -> new AssertionError(label + ": pid " + pid + " of its pid file is no child of the supervisor "
                + supervisor.pid() + " (children: " + supervisor.children().map(ProcessHandle::pid).toList() + ")"));
        child.destroyForcibly();
        if (!Eventually.within(() -> !child.isAlive(), Duration.ofSeconds(30))) {
            throw new AssertionError(label + " (pid " + pid + ") still alive 30 s after SIGKILL");
        }
        return pid;
    }

    /** Waits until {@code <label>.pid} names a live process other than {@code oldPid}; returns it, or -1 on timeout. */
    static long awaitNewPid(final Path work, final String label, final long oldPid, final Duration timeout)
        throws InterruptedException {
        final long[] found = {-1};
        Eventually.within(() -> {
            final long pid = pid(work, label);
            if (pid > 0 && pid != oldPid && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                found[0] = pid;
                return true;
            }
            return false;
        }, timeout);
        return found[0];
    }

    /** The (only) run folder under {@code work/runs}. */
    static Path runDir(final Path work) throws IOException {
        try (Stream<Path> runs = Files.list(work.resolve("runs"))) {
            return runs.filter(Files::isDirectory).findFirst()
                .orElseThrow(() -> new IOException("no run folder in " + work.resolve("runs")));
        }
    }

    /** Every log of the run folder, each headed by its name: what a failed test shows. */
    static String logs(final Path work) {
        final StringBuilder b = new StringBuilder();
        try (Stream<Path> files = Files.list(runDir(work))) {
            for (Path f : files.filter(f -> f.toString().endsWith(".log")).sorted().toList()) {
                final List<String> lines = Files.readAllLines(f);
                b.append("==> ").append(f.getFileName()).append(" (last 40 of ").append(lines.size()).append(" lines)\n");
                lines.subList(Math.max(0, lines.size() - 40), lines.size()).forEach(l -> b.append(l).append('\n'));
            }
        } catch (IOException ex) {
            b.append("(logs unreadable: ").append(ex).append(')');
        }
        return b.toString();
    }

    /** The status of the supervisor of {@code host}, asked through the orchester, or null. */
    static SupervisorStatus status(final String serviceEndpoint, final String host) {
        try (AdminClient client = new AdminClient(serviceEndpoint)) {
            final Optional<String> doc = client.ask(ControlService.service(host), "status", Duration.ofSeconds(2));
            return doc.map(SupervisorStatus::fromJson).orElse(null);
        }
    }

    /** Every process below {@code pid}, now. */
    static List<ProcessHandle> descendants(final long pid) {
        return ProcessHandle.of(pid).map(h -> h.descendants().toList()).orElse(List.of());
    }

    static boolean allGone(final List<ProcessHandle> processes) {
        return processes.stream().noneMatch(ProcessHandle::isAlive);
    }

    /**
     * The line a drained run ends with, nothing dead or lost: its name, then generated, delivered
     * and duplicates counts.
     */
    static final java.util.regex.Pattern DRAINED = java.util.regex.Pattern.compile(
        "(\\S+) drained: generated (\\d+), delivered (\\d+), duplicates (\\d+), dead 0, lost 0");

    /**
     * Every sequence 0..generated-1 is in {@code sink}, read from the text after each line's tab
     * with {@code sequence}'s group 1; lines beyond those are duplicates (a message whose worker
     * was killed after passing it on, before replying, is delivered again) and are counted: the
     * sink's lines are exactly what the run reported as delivered.
     */
    static void assertEverySequenceInSink(final Path sink, final java.util.regex.Pattern sequence, final int generated,
                                          final int delivered) throws IOException {
        final List<String> lines = Files.readAllLines(sink);
        org.junit.jupiter.api.Assertions.assertEquals(delivered, lines.size(),
            "sink lines, duplicates included, as counted by the run");
        final java.util.BitSet seen = new java.util.BitSet(generated);
        for (String line : lines) {
            final java.util.regex.Matcher m = sequence.matcher(line.split("\t", 2)[1]);
            org.junit.jupiter.api.Assertions.assertTrue(m.matches(), line);
            seen.set(Integer.parseInt(m.group(1)));
        }
        org.junit.jupiter.api.Assertions.assertEquals(generated, seen.cardinality(),
            "distinct sequences in the sink (lines: " + lines.size() + ")");
        org.junit.jupiter.api.Assertions.assertEquals(generated, seen.nextClearBit(0),
            "sequences 0.." + (generated - 1) + " all present");
    }
}
