package io.satbus.core.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class DurationsTest {

    @Test
    void readsEveryUnit() {
        assertEquals(OptionalLong.of(250), Durations.parseMillis("250ms"));
        assertEquals(OptionalLong.of(5000), Durations.parseMillis("5s"));
        assertEquals(OptionalLong.of(1500), Durations.parseMillis("1.5s"));
        assertEquals(OptionalLong.of(120_000), Durations.parseMillis("2m"));
        assertEquals(OptionalLong.of(3_600_000), Durations.parseMillis("1h"));
        assertEquals(OptionalLong.of(0), Durations.parseMillis("0ms"));
        assertEquals(OptionalLong.of(5000), Durations.parseMillis(" 5 s "));
    }

    @Test
    void rejectsWhatIsNotAWholeNumberOfMilliseconds() {
        for (String bad : new String[] {"5 parsecs", "5", "s", "-5s", "0.5ms", "1e3ms", "5S", "", "99999999999999999999h"}) {
            assertEquals(OptionalLong.empty(), Durations.parseMillis(bad), bad);
        }
    }
}
