package io.satbus.satellites.builtin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.satbus.core.envelope.Envelope;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class SinkTest {
    @TempDir
    Path dir;

    private static Envelope message(final long id, final String text) {
        return new Envelope(id, "t", "gen", 0, 1, 5L, "text/plain", Map.of(), text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    @Timeout(5)
    void writesOneFlushedLinePerMessageBeforeReturning() throws Exception {
        final Sink sink = new Sink();
        sink.open(TestContext.of("sink", null, List.of(), Map.of("path", "out/received.tsv"), dir));
        final Path file = dir.resolve("out/received.tsv");
        sink.onMessage(message(1, "hello 0"), new RecordingOutput());
        assertEquals(List.of("1\thello 0"), Files.readAllLines(file), "flushed before onMessage returns");
        sink.onMessage(message(-1L, "two\nlines\\ and\r"), new RecordingOutput());
        sink.close();
        assertEquals(List.of("1\thello 0", "18446744073709551615\ttwo\\nlines\\\\ and\\r"), Files.readAllLines(file));
        assertEquals(file, sink.path());
    }

    @Test
    @Timeout(5)
    void appendsToAnExistingFile() throws Exception {
        Files.writeString(dir.resolve("r.tsv"), "9\tearlier\n");
        final Sink sink = new Sink();
        sink.open(TestContext.of("sink", null, List.of(), Map.of("path", "r.tsv"), dir));
        sink.onMessage(message(10, "later"), new RecordingOutput());
        sink.close();
        assertEquals(List.of("9\tearlier", "10\tlater"), Files.readAllLines(dir.resolve("r.tsv")));
    }

    @Test
    @Timeout(5)
    void countsReceivedAndDuplicates() throws Exception {
        final Sink sink = new Sink();
        sink.open(TestContext.of("sink", null, List.of(), Map.of("dedup_window", 2), dir));
        for (long id : new long[] {1, 2, 1, 3, 3, 1}) {
            sink.onMessage(message(id, "x"), new RecordingOutput());
        }
        assertEquals(6, sink.received());
        assertEquals(3, sink.duplicates(), "1, 3 and the last 1 repeat: seeing 1 again kept it in the window of 2");

        final Sink forgetful = new Sink();
        forgetful.open(TestContext.of("sink", null, List.of(), Map.of("dedup_window", 2), dir));
        for (long id : new long[] {1, 2, 3, 1}) {
            forgetful.onMessage(message(id, "x"), new RecordingOutput());
        }
        assertEquals(0, forgetful.duplicates(), "1 was the least recently seen when 3 came, so it was forgotten");
    }

    @Test
    @Timeout(5)
    void printsToStdoutWhenAsked() throws Exception {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final Sink sink = new Sink(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        sink.open(TestContext.of("sink", null, List.of(), Map.of("print", "yes"), dir));
        sink.onMessage(message(5, "hi"), new RecordingOutput());
        assertEquals("5\thi" + System.lineSeparator(), bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    @Timeout(5)
    void rejectsBadConfiguration() {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Sink()
            .open(TestContext.of("sink", null, List.of(), Map.of("print", 3), dir)));
        assertEquals("satellites.sink.config.print : 3 (expected: boolean (true/false))", e.getMessage());
    }
}
