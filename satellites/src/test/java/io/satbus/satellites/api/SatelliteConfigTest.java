package io.satbus.satellites.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(5)
class SatelliteConfigTest {
    private final SatelliteConfig config = SatelliteConfig.of("gen", Map.ofEntries(
        Map.entry("count", 10), Map.entry("big", 5_000_000_000L), Map.entry("digits", " 42 "), Map.entry("word", "lots"),
        Map.entry("flag", true), Map.entry("yes", "on"), Map.entry("poll", "250ms"), Map.entry("two", "2s"),
        Map.entry("ms", 1500), Map.entry("rate", 2.5), Map.entry("list", List.of(1, 2))));

    @Test
    void returnsDefaultsForAbsentKeys() {
        assertEquals("d", config.string("nope", "d"));
        assertEquals(7, config.integer("nope", 7));
        assertEquals(7L, config.longInteger("nope", 7L));
        assertTrue(config.bool("nope", true));
        assertEquals(Duration.ofSeconds(1), config.duration("nope", Duration.ofSeconds(1)));
        assertFalse(config.has("nope"));
    }

    @Test
    void readsIntegersFromNumbersAndDigits() {
        assertEquals(10, config.integer("count", 0));
        assertEquals(42, config.integer("digits", 0));
        assertEquals(5_000_000_000L, config.longInteger("big", 0));
        assertEquals("10", config.string("count", null));
        assertEquals(2.5, config.decimal("rate", 0));
        assertEquals(10.0, config.decimal("count", 0));
    }

    @Test
    void readsBooleansAndDurations() {
        assertTrue(config.bool("flag", false));
        assertTrue(config.bool("yes", false));
        assertEquals(Duration.ofMillis(250), config.duration("poll", null));
        assertEquals(Duration.ofSeconds(2), config.duration("two", null));
        assertEquals(Duration.ofMillis(1500), config.duration("ms", null));
        assertEquals(Duration.ofMillis(1500), SatelliteConfig.of("x", Map.of("d", "1.5s")).duration("d", null));
        assertEquals(Duration.ofMinutes(1), SatelliteConfig.of("x", Map.of("d", "1m")).duration("d", null));
        assertEquals(Duration.ofSeconds(3), SatelliteConfig.of("x", Map.of("d", "PT3S")).duration("d", null));
    }

    @Test
    void wrongTypesNameTheKeyWhatWasFoundAndWhatWasExpected() {
        assertEquals("satellites.gen.config.word : \"lots\" (expected: integer)",
            assertThrows(IllegalArgumentException.class, () -> config.integer("word", 0)).getMessage());
        assertEquals("satellites.gen.config.big : 5000000000 (expected: integer in -2147483648..2147483647)",
            assertThrows(IllegalArgumentException.class, () -> config.integer("big", 0)).getMessage());
        assertEquals("satellites.gen.config.count : 10 (expected: boolean (true/false))",
            assertThrows(IllegalArgumentException.class, () -> config.bool("count", false)).getMessage());
        assertEquals("satellites.gen.config.word : \"lots\" (expected: duration such as 250ms, 2s, 1m, 1h or milliseconds)",
            assertThrows(IllegalArgumentException.class, () -> config.duration("word", null)).getMessage());
        assertEquals("satellites.gen.config.list : list [1, 2] (expected: string)",
            assertThrows(IllegalArgumentException.class, () -> config.string("list", null)).getMessage());
        assertEquals("satellites.gen.config.rate : 2.5 (expected: integer)",
            assertThrows(IllegalArgumentException.class, () -> config.integer("rate", 0)).getMessage());
    }

    @Test
    void readsSectionsWhoseErrorsNameTheirPlace() {
        final SatelliteConfig c = SatelliteConfig.of("fetch", Map.of("resources", List.of(
            Map.of("url", "http://a", "headers", Map.of("Accept", "x", "N", 1)), Map.of("page_limit", "many"))));
        final List<SatelliteConfig> sections = c.sections("resources");
        assertEquals(2, sections.size());
        assertEquals("http://a", sections.get(0).string("url", null));
        assertEquals(Map.of("Accept", "x", "N", "1"), sections.get(0).strings("headers", Map.of()));
        assertEquals("satellites.fetch.config.resources[1].page_limit : \"many\" (expected: integer)",
            assertThrows(IllegalArgumentException.class, () -> sections.get(1).integer("page_limit", 1)).getMessage());
        assertEquals("satellites.fetch.config.resources[1] : \"x\" (expected: a map)",
            assertThrows(IllegalArgumentException.class,
                () -> SatelliteConfig.of("fetch", Map.of("resources", List.of(Map.of(), "x"))).sections("resources"))
                .getMessage());
        assertTrue(c.sections("none").isEmpty());
    }

    @Test
    void readsSizesInBytesOrWithBinaryUnits() {
        final SatelliteConfig c = SatelliteConfig.of("p", Map.of("a", 100, "b", "2MiB", "c", "2MB"));
        assertEquals(100, c.bytes("a", 0));
        assertEquals(2L << 20, c.bytes("b", 0));
        assertEquals(7, c.bytes("none", 7));
        assertEquals("satellites.p.config.c : \"2MB\" (expected: a size such as 100B, 512KiB, 16MiB or 1GiB, or an integer"
            + " in bytes)", assertThrows(IllegalArgumentException.class, () -> c.bytes("c", 0)).getMessage());
    }
}
