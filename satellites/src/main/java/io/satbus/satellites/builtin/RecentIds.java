package io.satbus.satellites.builtin;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The last {@code capacity} distinct message ids, to spot repeats in bounded memory: the least
 * recently seen id is forgotten first (an id seen again becomes the most recent). Used by the
 * sink, the parser and the publisher. NOT thread-safe.
 */
public final class RecentIds {
    private final LinkedHashMap<Long, Boolean> ids;

    public RecentIds(final int capacity) {
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
    public boolean add(final long id) {
        return ids.put(id, Boolean.TRUE) == null;
    }

    /** True when {@code id} is remembered; counts as a use. */
    public boolean contains(final long id) {
        return ids.get(id) != null;
    }

    public int size() {
        return ids.size();
    }
}
