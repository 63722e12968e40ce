package io.satbus.satellites.builtin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RecentIdsTest {
    @Test
    void forgetsTheLeastRecentlySeenIdFirst() {
        final RecentIds r = new RecentIds(3);
        assertTrue(r.add(1));
        assertTrue(r.add(2));
        assertTrue(r.add(3));
        assertFalse(r.add(1), "a repeat; 1 is now the most recent");
        assertTrue(r.add(4), "forgets 2, the least recently seen");
        assertFalse(r.contains(2));
        assertTrue(r.contains(3), "3 is now the most recent");
        assertTrue(r.add(5), "forgets 1");
        assertFalse(r.contains(1));
        assertTrue(r.contains(3));
        assertTrue(r.contains(4));
        assertTrue(r.contains(5));
        assertEquals(3, r.size());
        assertThrows(IllegalArgumentException.class, () -> new RecentIds(0));
    }

    @Test
    void answersAsALeastRecentlyUsedMapWouldUnderRandomUse() {
        for (final int capacity : new int[] {1, 2, 17, 1000}) {
            final RecentIds r = new RecentIds(capacity);
            final Map<Long, Boolean> ref = new LinkedHashMap<>(16, 0.75f, true) {
                private static final long serialVersionUID = 1L;

                @Override
                protected boolean removeEldestEntry(final Map.Entry<Long, Boolean> eldest) {
                    return size() > capacity;
                }
            };
            final SplittableRandom random = new SplittableRandom(capacity);
            for (int i = 0; i < 100_000; i++) {
                final long id = random.nextInt(3 * capacity + 2) - capacity;
                if (random.nextBoolean()) {
                    assertEquals(ref.put(id, Boolean.TRUE) == null, r.add(id), "add " + id + " at step " + i);
                } else {
                    assertEquals(ref.get(id) != null, r.contains(id), "contains " + id + " at step " + i);
                }
                assertEquals(ref.size(), r.size());
            }
        }
    }
}
