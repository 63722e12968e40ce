package io.satbus.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.slf4j.helpers.NOPLogger;

/** The one rule for a warning that may repeat without end: logged at the 1st, 2nd, 4th, 8th... time. */
class RareLogTest {
    @Test
    void dueAtPowersOfTwoOnly() {
        final List<Long> due = new ArrayList<>();
        LongStream.rangeClosed(1, 40).filter(RareLog::due).forEach(due::add);
        assertEquals(List.of(1L, 2L, 4L, 8L, 16L, 32L), due);
    }

    @Test
    void countsEveryOccurrenceLoggedOrNot() {
        final RareLog log = new RareLog(NOPLogger.NOP_LOGGER);
        for (int i = 0; i < 100; i++) {
            log.warn("bad page {}", i, new IllegalStateException("x"));
        }
        assertEquals(100, log.count());
    }
}
