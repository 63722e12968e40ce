package io.satbus.tracker;

import com.codahale.metrics.Clock;
import com.codahale.metrics.MetricRegistry;
import io.satbus.core.collections.LongIntHashMap;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Live workers by the key the orchester gave them in WORKER_UP: identity, service index,
 * satellite and instance (for failure history), and the per-instance metrics of satbus workers
 * ({@code satbus.<topology>.<satellite>.<instance>.*}; a plain MDP worker has none). Owned by
 * the tracker thread. NOT thread safe.
 */
final class Workers {
    /** One worker. */
    static final class Entry {
        final String identityHex;
        final int service;
        final String satellite;
        final int instance;
        /** Null for a plain MDP worker (no satellite, instance -1). */
        final StageMetrics metrics;

        Entry(final String identityHex, final int service, final String satellite, final int instance,
              final StageMetrics metrics) {
            this.identityHex = identityHex;
            this.service = service;
            this.satellite = satellite;
            this.instance = instance;
            this.metrics = metrics;
        }
    }

    private final String topology;
    private final MetricRegistry registry;
    private final Clock clock;
    private final LongIntHashMap byKey = new LongIntHashMap(64);
    private final List<Entry> entries = new ArrayList<>();
    private final ArrayDeque<Integer> free = new ArrayDeque<>();

    Workers(final String topology, final MetricRegistry registry, final Clock clock) {
        this.topology = topology;
        this.registry = registry;
        this.clock = clock;
    }

    /** Registers worker {@code key}; returns false if the key was already live (nothing changed). */
    boolean up(final int key, final String identityHex, final int service, final String satellite, final int instance) {
        if (byKey.get(key) != LongIntHashMap.MISSING) {
            return false;
        }
        final StageMetrics m = satellite.isEmpty() || instance < 0 ? null
            : new StageMetrics(registry, MetricNames.instance(topology, satellite, instance), clock, true);
        final Entry e = new Entry(identityHex, service, satellite, instance, m);
        final Integer slot = free.poll();
        if (slot == null) {
            entries.add(e);
            byKey.put(key, entries.size() - 1);
        } else {
            entries.set(slot, e);
            byKey.put(key, slot);
        }
        return true;
    }

    /** Removes worker {@code key}; returns it, or null if it was not live. */
    Entry down(final int key) {
        final int slot = byKey.remove(key);
        if (slot == LongIntHashMap.MISSING) {
            return null;
        }
        final Entry e = entries.get(slot);
        entries.set(slot, null);
        free.push(slot);
        return e;
    }

    /** Worker {@code key}, or null. */
    Entry get(final int key) {
        final int slot = byKey.get(key);
        return slot == LongIntHashMap.MISSING ? null : entries.get(slot);
    }

    int size() {
        return byKey.size();
    }

    void clear() {
        byKey.clear();
        entries.clear();
        free.clear();
    }
}
