package io.satbus.satellites.builtin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satbus.core.envelope.Envelope;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TransformerTest {
    private static Envelope message(final long id, final String text) {
        return new Envelope(id, "t", "gen", 0, 1, 5L, "text/plain", Map.of(), text.getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @CsvSource({"upper,Hello Wörld,HELLO WÖRLD", "lower,Hello Wörld,hello wörld", "reverse,Hello Wörld,dlröW olleH",
        "identity,Hello Wörld,Hello Wörld", "REVERSE,a😀b,b😀a"})
    @Timeout(5)
    void appliesItsOpAndForwardsUnderTheSameId(final String op, final String in, final String expected) {
        final Transformer t = new Transformer();
        t.open(TestContext.of("tr", "sink", List.of(), Map.of("op", op), Path.of(".")));
        final RecordingOutput out = new RecordingOutput();
        t.onMessage(message(-7L, in), out);
        assertEquals(List.of("forward"), out.routes);
        assertEquals(-7L, out.forwarded.get(0).id());
        assertEquals(expected, new String(out.forwarded.get(0).payload(), StandardCharsets.UTF_8));
        assertNull(out.reply);
        assertEquals(1, t.transformed());
    }

    @ParameterizedTest
    @CsvSource({"upper", "lower", "reverse"})
    @Timeout(5)
    void asciiTextGivesWhatTheTextOpGives(final String op) {
        // ASCII payloads are changed byte by byte: every ASCII character, then text with one
        // non-ASCII character (the text path), must come out as String's own op says.
        final StringBuilder all = new StringBuilder();
        for (char c = 0; c < 128; c++) {
            all.append(c);
        }
        for (final String in : new String[] {all.toString(), "Hello, World! 0-9 [a-z] {A-Z}", "", "ascii then é"}) {
            final String expected = switch (op) {
                case "upper" -> in.toUpperCase(java.util.Locale.ROOT);
                case "lower" -> in.toLowerCase(java.util.Locale.ROOT);
                default -> new StringBuilder(in).reverse().toString();
            };
            final Transformer t = new Transformer();
            t.open(TestContext.of("tr", "sink", List.of(), Map.of("op", op), Path.of(".")));
            final RecordingOutput out = new RecordingOutput();
            t.onMessage(message(1, in), out);
            assertEquals(expected, new String(out.forwarded.get(0).payload(), StandardCharsets.UTF_8), op + " of " + in);
        }
    }

    @Test
    @Timeout(5)
    void upperIsTheDefault() {
        final Transformer t = new Transformer();
        t.open(TestContext.of("tr", null, List.of("out"), Map.of(), Path.of(".")));
        final RecordingOutput out = new RecordingOutput();
        t.onMessage(message(1, "abc"), out);
        assertEquals("ABC", new String(out.forwarded.get(0).payload(), StandardCharsets.UTF_8));
    }

    @Test
    @Timeout(5)
    void repliesWithTheResultWhenNotWired() {
        final Transformer t = new Transformer();
        t.open(TestContext.of("tr", null, List.of(), Map.of("op", "reverse"), Path.of(".")));
        final RecordingOutput out = new RecordingOutput();
        t.onMessage(message(1, "abc"), out);
        assertEquals(List.of(), out.forwarded);
        assertEquals("cba", new String(out.reply.payload(), StandardCharsets.UTF_8));
    }

    @Test
    @Timeout(5)
    void badOpIsAConfigErrorAtOpen() {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Transformer()
            .open(TestContext.of("tr", "sink", List.of(), Map.of("op", "rot13"), Path.of("."))));
        assertEquals("satellites.tr.config.op : \"rot13\" (expected: one of upper, lower, reverse, identity)",
            e.getMessage());
    }

    @Test
    @Timeout(5)
    void waitsItsDelayBeforeEachMessage() {
        final Transformer t = new Transformer();
        t.open(TestContext.of("tr", null, List.of("out"), Map.of("delay", "30ms"), Path.of(".")));
        final long start = System.nanoTime();
        t.onMessage(message(1, "abc"), new RecordingOutput());
        assertTrue(System.nanoTime() - start >= 30_000_000L, "waited at least the delay");
        assertEquals(1, t.transformed());
    }

    @Test
    @Timeout(5)
    void rejectsADelayThatIsNotADuration() {
        final Transformer t = new Transformer();
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> t.open(TestContext.of("tr", null, List.of("out"), Map.of("delay", "slowly"), Path.of("."))));
        assertEquals("satellites.tr.config.delay : \"slowly\" (expected: duration such as 250ms, 2s, 1m, 1h or milliseconds)",
            e.getMessage());
    }
}
