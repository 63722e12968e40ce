package io.satbus.orchester;

import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Registered workers by ROUTER identity. Owned by the orchester thread. NOT thread safe.
 */
final class WorkerRegistry {
    private final Map<ByteBuffer, Worker> byIdentity = new LinkedHashMap<>();

    Worker get(final byte[] identity) {
        return byIdentity.get(ByteBuffer.wrap(identity));
    }

    void add(final Worker w) {
        byIdentity.put(ByteBuffer.wrap(w.identity), w);
    }

    void remove(final Worker w) {
        byIdentity.remove(ByteBuffer.wrap(w.identity));
    }

    Collection<Worker> all() {
        return byIdentity.values();
    }

    int size() {
        return byIdentity.size();
    }
}
