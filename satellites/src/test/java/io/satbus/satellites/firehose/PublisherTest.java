package io.satbus.satellites.firehose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satbus.core.envelope.Envelope;
import io.satbus.satellites.builtin.TestContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(10)
class PublisherTest {
    @TempDir
    Path dir;

    private final CapturingOutput out = new CapturingOutput();

    private Publisher open(final Map<String, Object> config) throws IOException {
        return open(config, List.of(), System.out);
    }

    private Publisher open(final Map<String, Object> config, final List<String> publish, final PrintStream stdout)
        throws IOException {
        final Publisher p = new Publisher(stdout);
        p.open(TestContext.of("publisher", null, publish, config, dir));
        return p;
    }

    private static Envelope event(final int n) {
        final String json = "{\"id\":\"" + n + "\",\"type\":\"PushEvent\",\"payload\":{\"text\":\"line\\nbreak\"}}";
        return new Envelope(EventIds.messageId(Integer.toString(n)), "t", "parser", 0, 1, 0, "application/json",
            Map.of("event_id", Integer.toString(n)), json.getBytes(StandardCharsets.UTF_8));
    }

    private List<String> idsIn(final Path... files) throws IOException {
        final List<String> ids = new ArrayList<>();
        for (Path f : files) {
            for (String line : Files.readAllLines(f)) {
                ids.add(JsonlFile.firstId(line));
            }
        }
        return ids;
    }

    @Test
    void aRestartMidStreamNeitherLosesNorRepeatsAnEvent() throws Exception {
        final Path file = dir.resolve("out/events.jsonl");
        final Publisher first = open(Map.of("jsonl", "out/events.jsonl"));
        for (int n = 0; n < 60; n++) {
            first.onMessage(event(n), out);
        }
        first.close();
        // Upstream redelivers what it had not seen acknowledged (40..59) and goes on.
        final Publisher second = open(Map.of("jsonl", "out/events.jsonl"));
        for (int n = 40; n < 100; n++) {
            second.onMessage(event(n), out);
        }
        second.close();
        assertEquals(IntStream.range(0, 100).mapToObj(Integer::toString).toList(), idsIn(file));
        assertEquals(20, second.duplicates());
        assertEquals(40, second.written());
    }

    @Test
    void aLineCutShortByACrashIsDroppedAtOpenAndWrittenAgain() throws Exception {
        final Path file = dir.resolve("events.jsonl");
        final Publisher first = open(Map.of("jsonl", "events.jsonl"));
        first.onMessage(event(1), out);
        first.close();
        Files.writeString(file, "{\"id\":\"2\",\"type\":\"Pu", java.nio.file.StandardOpenOption.APPEND);
        final Publisher second = open(Map.of("jsonl", "events.jsonl"));
        second.onMessage(event(1), out);
        second.onMessage(event(2), out);
        second.close();
        assertEquals(List.of("1", "2"), idsIn(file));
    }

    @Test
    void rotatesBySizeAndRemembersTheIdsOfRotatedFiles() throws Exception {
        final Path file = dir.resolve("events.jsonl");
        final Map<String, Object> config = Map.of("jsonl", "events.jsonl", "rotate_bytes", 300, "keep_files", 10);
        final Publisher first = open(config);
        for (int n = 0; n < 20; n++) {
            first.onMessage(event(n), out);
        }
        first.close();
        assertTrue(Files.exists(JsonlFile.rotated(file, 2)), "rotated at least twice");
        assertTrue(Files.size(JsonlFile.rotated(file, 1)) <= 300);
        final Publisher second = open(config);
        for (int n = 0; n < 25; n++) {
            second.onMessage(event(n), out);
        }
        second.close();
        assertEquals(20, second.duplicates());
        final List<Path> files = new ArrayList<>();
        for (int i = 10; i >= 1; i--) {
            if (Files.exists(JsonlFile.rotated(file, i))) {
                files.add(JsonlFile.rotated(file, i));
            }
        }
        files.add(file);
        assertEquals(IntStream.range(0, 25).mapToObj(Integer::toString).toList(), idsIn(files.toArray(Path[]::new)));
    }

    @Test
    void flushCountHandsLinesToTheSystemInBatches() throws Exception {
        final Path file = dir.resolve("events.jsonl");
        final Publisher p = open(Map.of("jsonl", "events.jsonl", "flush", "count", "flush_count", 3));
        p.onMessage(event(1), out);
        p.onMessage(event(2), out);
        assertEquals(0, Files.size(file), "two lines wait in the buffer");
        p.onMessage(event(3), out);
        assertEquals(3, Files.readAllLines(file).size());
        p.onMessage(event(4), out);
        p.close();
        assertEquals(4, Files.readAllLines(file).size(), "close flushes the rest");
    }

    @Test
    void writesOneLinePerEventToStdoutAndPublishesFirstWritesOnItsTopics() throws Exception {
        final ByteArrayOutputStream printed = new ByteArrayOutputStream();
        final Publisher p = open(Map.of("stdout", true), List.of("events"), new PrintStream(printed, true,
            StandardCharsets.UTF_8));
        p.onMessage(event(1), out);
        p.onMessage(event(1), out);
        p.onMessage(new Envelope(9, "t", "parser", 0, 1, 0, "application/json", Map.of(), "nope".getBytes()), out);
        p.onMessage(new Envelope(9, "t", "parser", 0, 1, 0, "application/json", Map.of(), "{\"x\":1}".getBytes()), out);
        p.close();
        final String text = printed.toString(StandardCharsets.UTF_8);
        assertEquals(1, text.lines().count(), text);
        assertTrue(text.contains("\"text\":\"line\\nbreak\""), "a newline inside a value stays escaped: " + text);
        assertEquals(1, out.forwarded.size(), "published once, along the publish wiring");
        assertEquals(2, p.malformed());
        assertEquals(1, p.duplicates());
    }
}
