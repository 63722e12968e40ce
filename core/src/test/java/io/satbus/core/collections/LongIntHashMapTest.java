package io.satbus.core.collections;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LongIntHashMapTest {
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void behavesLikeAHashMapUnderRandomPutsAndRemoves(final boolean runs) {
        final LongIntHashMap m = runs ? LongIntHashMap.forRuns(0) : new LongIntHashMap(0);
        final Map<Long, Integer> ref = new HashMap<>();
        final SplittableRandom r = new SplittableRandom(42);
        for (int i = 0; i < 200_000; i++) {
            final long key = r.nextInt(5000) - 2500L + (r.nextBoolean() ? Long.MIN_VALUE : 0);
            if (r.nextInt(3) == 0) {
                assertEquals(ref.getOrDefault(key, LongIntHashMap.MISSING), m.remove(key));
                ref.remove(key);
            } else {
                final int v = r.nextInt(1 << 20);
                assertEquals(ref.getOrDefault(key, LongIntHashMap.MISSING), m.put(key, v));
                ref.put(key, v);
            }
            assertEquals(ref.size(), m.size());
        }
        for (final Map.Entry<Long, Integer> e : ref.entrySet()) {
            assertEquals(e.getValue(), m.get(e.getKey()));
        }
        final long[] keys = m.keys();
        Arrays.sort(keys);
        assertEquals(Arrays.toString(ref.keySet().stream().mapToLong(Long::longValue).sorted().toArray()),
            Arrays.toString(keys));
    }
}
