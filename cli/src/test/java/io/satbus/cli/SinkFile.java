package io.satbus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A sink file read whole after a run ({@code <id> TAB <payload>} per line, see the built-in
 * sink): its lines, its distinct ids, and which id each generated sequence arrived under, per
 * source. The payload pattern's group 1 names the source (its payload prefix), group 2 the
 * sequence. Immutable.
 */
final class SinkFile {
    private final Path path;
    private final int lines;
    private final int distinctIds;
    /** Per source prefix, sequence -> the ids it arrived under. */
    private final Map<String, Map<Integer, Set<String>>> idsBySequence;

    private SinkFile(final Path path, final int lines, final int distinctIds,
                     final Map<String, Map<Integer, Set<String>>> idsBySequence) {
        this.path = path;
        this.lines = lines;
        this.distinctIds = distinctIds;
        this.idsBySequence = idsBySequence;
    }

    /** Reads {@code path}; every line's payload must match {@code payload} (group 1 source, group 2 sequence). */
    static SinkFile read(final Path path, final Pattern payload) throws IOException {
        final Set<String> ids = new HashSet<>();
        final Map<String, Map<Integer, Set<String>>> bySequence = new HashMap<>();
        int n = 0;
        for (String line : Files.readAllLines(path)) {
            final String[] parts = line.split("\t", 2);
            assertEquals(2, parts.length, () -> path + ": not <id> TAB <payload>: " + line);
            final Matcher m = payload.matcher(parts[1]);
            assertTrue(m.matches(), () -> path + ": payload not a generated one: " + line);
            ids.add(parts[0]);
            bySequence.computeIfAbsent(m.group(1), k -> new HashMap<>())
                .computeIfAbsent(Integer.parseInt(m.group(2)), k -> new HashSet<>(2)).add(parts[0]);
            n++;
        }
        return new SinkFile(path, n, ids.size(), bySequence);
    }

    int lines() {
        return lines;
    }

    int distinctIds() {
        return distinctIds;
    }

    /** Lines whose id an earlier line of the file already had: a message written twice. */
    int repeatedLines() {
        return lines - distinctIds;
    }

    /**
     * Every sequence 0..count-1 of {@code source} is in the file, each under exactly one id (a
     * source that started again from 0 under new ids would show two), and none beyond.
     */
    void assertEverySequenceOnceUnderOneId(final String source, final int count) {
        final Map<Integer, Set<String>> seen = idsBySequence.getOrDefault(source, Map.of());
        final List<Integer> missing = new ArrayList<>();
        final List<String> twice = new ArrayList<>();
        for (int seq = 0; seq < count; seq++) {
            final Set<String> ids = seen.get(seq);
            if (ids == null) {
                missing.add(seq);
            } else if (ids.size() > 1) {
                twice.add(seq + " as " + ids);
            }
        }
        final List<Integer> beyond = seen.keySet().stream().filter(s -> s < 0 || s >= count).sorted().toList();
        assertTrue(missing.isEmpty(), () -> path + ": " + missing.size() + " of " + count + " sequences of \"" + source
            + "\" missing, first: " + missing.subList(0, Math.min(20, missing.size())));
        assertTrue(twice.isEmpty(), () -> path + ": " + twice.size() + " sequences of \"" + source
            + "\" under more than one id (generated again under a new id), first: " + twice.subList(0, Math.min(10, twice.size())));
        assertTrue(beyond.isEmpty(), () -> path + ": sequences of \"" + source + "\" beyond " + (count - 1) + ": "
            + beyond.subList(0, Math.min(10, beyond.size())));
    }

    /** The sequences of {@code source} in the file. */
    Set<Integer> sequences(final String source) {
        return idsBySequence.getOrDefault(source, Map.of()).keySet();
    }

    @Override
    public String toString() {
        return path + ": " + lines + " lines, " + distinctIds + " distinct ids";
    }
}
