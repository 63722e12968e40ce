package io.satbus.cli;

import io.satbus.cli.supervisor.ControlService;
import io.satbus.cli.supervisor.SupervisorStatus;
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
