package io.satbus.core.collections;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LongObjectHashMapTest {
    @Test
    void behavesAsAHashMapUnderRandomPutsGetsAndRemoves() {
        final LongObjectHashMap<String> map = new LongObjectHashMap<>(4);
        final Map<Long, String> model = new HashMap<>();
        final Random random = new Random(42);
        for (int n = 0; n < 200_000; n++) {
            final long key = random.nextInt(2_000) - 1_000L + (random.nextBoolean() ? Long.MIN_VALUE : 0);
            switch (random.nextInt(3)) {
                case 0 -> assertEquals(model.put(key, "v" + n), map.put(key, "v" + n));
                case 1 -> assertEquals(model.remove(key), map.remove(key));
                default -> assertEquals(model.get(key), map.get(key));
            }
            assertEquals(model.size(), map.size());
        }
        assertEquals(new HashSet<>(model.values()), new HashSet<>(map.values()));
    }

    @Test
    void sequentialIdsAndClearing() {
        final LongObjectHashMap<Long> map = new LongObjectHashMap<>(0);
        for (long id = 1; id <= 10_000; id++) {
            map.put(id, id);
        }
        for (long id = 1; id <= 10_000; id += 2) {
            assertEquals(id, map.remove(id));
        }
        assertEquals(5_000, map.size());
        assertEquals(2L, map.get(2));
        assertNull(map.get(3));
        map.clear();
        assertTrue(map.isEmpty());
        assertNull(map.get(2));
    }
}
