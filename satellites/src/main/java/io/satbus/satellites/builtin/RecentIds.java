package io.satbus.satellites.builtin;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The last {@code capacity} distinct message ids seen, to spot repeats in bounded memory: an
 * id older than that is forgotten. NOT thread-safe.
 */
final class RecentIds {
    private final LinkedHashMap<Long, Boolean> ids;

    RecentIds(final int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity : " + capacity + " (expected: >= 1)");
        }
        this.ids = new LinkedHashMap<>(Math.min(capacity, 1 << 16), 0.75f, false) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(final Map.Entry<Long, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    /** Remembers {@code id}; false when it was already remembered (a repeat). */
    boolean add(final long id) {
        return ids.put(id, Boolean.TRUE) == null;
    }
}
