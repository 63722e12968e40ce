package io.satbus.satellites.firehose;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The last {@code capacity} distinct event message ids, to drop repeats in bounded memory:
 * the least recently seen id is forgotten first (an id seen again becomes the most recent).
 * NOT thread-safe.
 */
final class IdWindow {
    private final LinkedHashMap<Long, Boolean> ids;

    IdWindow(final int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity : " + capacity + " (expected: >= 1)");
        }
        this.ids = new LinkedHashMap<>(Math.min(capacity, 1 << 16), 0.75f, true) {
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

    /** True when {@code id} is remembered; counts as a use. */
    boolean contains(final long id) {
        return ids.get(id) != null;
    }

    int size() {
        return ids.size();
    }
}
