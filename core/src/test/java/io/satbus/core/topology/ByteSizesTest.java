package io.satbus.core.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ByteSizesTest {

    @Test
    void readsEveryBinaryUnit() {
        assertEquals(OptionalLong.of(100), ByteSizes.parseBytes("100B"));
        assertEquals(OptionalLong.of(512 * 1024), ByteSizes.parseBytes("512KiB"));
        assertEquals(OptionalLong.of(16L << 20), ByteSizes.parseBytes("16MiB"));
        assertEquals(OptionalLong.of(1L << 30), ByteSizes.parseBytes("1GiB"));
        assertEquals(OptionalLong.of(3L << 19), ByteSizes.parseBytes("1.5MiB"));
    }

    @Test
    void rejectsDecimalUnitsFractionsAndJunk() {
        for (String bad : new String[] {"16MB", "16mib", "16", "0.5B", "-1B", "lots", "99999999999999999999GiB"}) {
            assertEquals(OptionalLong.empty(), ByteSizes.parseBytes(bad), bad);
        }
    }
}
