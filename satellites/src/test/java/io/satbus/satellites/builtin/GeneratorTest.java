package io.satbus.satellites.builtin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satbus.satellites.api.Source;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class GeneratorTest {
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    private Generator open(final Map<String, Object> config) {
        final Generator g = new Generator(nanos::get);
        g.open(TestContext.of("gen", "upper", List.of(), config, Path.of(".")));
        return g;
    }

    @Test
    @Timeout(5)
    void emitsCountMessagesThenDone() {
        final Generator g = open(Map.of("count", 300));
        final RecordingOutput out = new RecordingOutput();
        assertEquals(Generator.BATCH, g.produce(out));
        assertEquals(300 - Generator.BATCH, g.produce(out));
        assertEquals(Source.DONE, g.produce(out));
        assertEquals(300, out.forwarded.size());
        assertEquals(300, g.generated());
        assertEquals(300, out.forwarded.stream().mapToLong(e -> e.id()).distinct().count());
    }

    @Test
    @Timeout(5)
    void padsPayloadsToTheirSizeWithTheSequence() {
        final Generator g = open(Map.of("count", 2, "payload", "ping", "payload_size", 12));
        final RecordingOutput out = new RecordingOutput();
        g.produce(out);
        assertEquals("ping 0......", new String(out.forwarded.get(0).payload(), StandardCharsets.UTF_8));
        assertEquals("ping 1......", new String(out.forwarded.get(1).payload(), StandardCharsets.UTF_8));
        assertEquals(Generator.DEFAULT_CONTENT_TYPE, out.forwarded.get(0).contentType());
        assertEquals("ping 12345", new String(g.payload(12345), StandardCharsets.UTF_8).substring(0, 10));
        assertEquals(12, g.payload(12345).length);
        assertEquals("ping 123456789012", new String(g.payload(123456789012L), StandardCharsets.UTF_8),
            "never truncated");
    }

    @Test
    @Timeout(5)
    void payloadIsItsTextPaddedForEverySequenceWidthAndAnyPrefix() {
        // The payload is written digit by digit into one array: it must read as the text would.
        final Generator g = open(Map.of("count", 1, "payload", "pïng", "payload_size", 16));
        for (final long seq : new long[] {0, 9, 10, 99, 100, 999_999, 1_000_000, Long.MAX_VALUE, -1, -42}) {
            final String text = "pïng " + seq;
            final int bytes = text.getBytes(StandardCharsets.UTF_8).length;
            final String expected = bytes >= 16 ? text : text + ".".repeat(16 - bytes);
            assertEquals(expected, new String(g.payload(seq), StandardCharsets.UTF_8), "seq " + seq);
        }
    }

    @Test
    @Timeout(5)
    void defaultPayloadIsHelloPaddedTo64Bytes() {
        final Generator g = open(Map.of());
        assertEquals(64, g.payload(0).length);
        assertTrue(new String(g.payload(0), StandardCharsets.UTF_8).startsWith("hello 0."));
    }

    @Test
    @Timeout(5)
    void pacesToTheRateOnTheClock() {
        final Generator g = open(Map.of("count", 0, "rate", 100));
        final RecordingOutput out = new RecordingOutput();
        assertEquals(1, g.produce(out), "the first one at once");
        assertEquals(0, g.produce(out), "nothing due yet");
        nanos.addAndGet(10_000_000L);
        assertEquals(1, g.produce(out));
        nanos.addAndGet(1_000_000_000L);
        assertEquals(100, g.produce(out));
        assertEquals(102, g.generated());
    }

    @Test
    @Timeout(5)
    void rejectsBadConfigurationNamingTheKey() {
        final IllegalArgumentException count = assertThrows(IllegalArgumentException.class,
            () -> open(Map.of("count", -1)));
        assertEquals("satellites.gen.config.count : -1 (expected: integer >= 0, 0 for until stopped)", count.getMessage());
        final IllegalArgumentException rate = assertThrows(IllegalArgumentException.class,
            () -> open(Map.of("rate", "fast")));
        assertEquals("satellites.gen.config.rate : \"fast\" (expected: number)", rate.getMessage());
        final IllegalArgumentException unwired = assertThrows(IllegalArgumentException.class,
            () -> new Generator().open(TestContext.of("gen", null, List.of(), Map.of(), Path.of("."))));
        assertTrue(unwired.getMessage().startsWith("satellites.gen : neither send_to nor publish"));
    }
}
