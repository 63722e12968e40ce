package io.satbus.orchester;

import io.satbus.core.collections.BytesKey;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Registered workers by ROUTER identity. Owned by the orchester thread. NOT thread safe.
 */
final class WorkerRegistry {
    private final Map<BytesKey, Worker> byIdentity = new LinkedHashMap<>();
    private final BytesKey.Probe probe = new BytesKey.Probe();

    Worker get(final byte[] identity) {
        return byIdentity.get(probe.of(identity));
    }

    void add(final Worker w) {
        byIdentity.put(BytesKey.over(w.identity), w);
    }

    void remove(final Worker w) {
        byIdentity.remove(probe.of(w.identity));
    }

    Collection<Worker> all() {
        return byIdentity.values();
    }

    int size() {
        return byIdentity.size();
    }
}
