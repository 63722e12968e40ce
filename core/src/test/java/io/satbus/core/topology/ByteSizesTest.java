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

    @Test
    void formatsInTheLargestWholeUnitAsAFileWouldWriteIt() {
        assertEquals("16MiB", ByteSizes.format(16L << 20));
        assertEquals("1536KiB", ByteSizes.format(3L << 19));
        assertEquals("2GiB", ByteSizes.format(2L << 30));
        assertEquals("1000B", ByteSizes.format(1000));
        assertEquals("0B", ByteSizes.format(0));
        for (long n : new long[] {1, 4096, 16L << 20, 123_456_789}) {
            assertEquals(OptionalLong.of(n), ByteSizes.parseBytes(ByteSizes.format(n)));
        }
    }
}
