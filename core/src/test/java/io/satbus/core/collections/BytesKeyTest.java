package io.satbus.core.collections;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BytesKeyTest {
    @Test
    void aProbeFindsWhatAStoredKeyHolds() {
        final Map<BytesKey, String> m = new HashMap<>();
        final byte[] id = {0, 1, 2, 3, 4};
        m.put(BytesKey.copyOf(id), "worker");
        id[0] = 9; // the stored key is a copy: changing the caller's array changes nothing
        final BytesKey.Probe probe = new BytesKey.Probe();
        assertEquals("worker", m.get(probe.of(new byte[] {0, 1, 2, 3, 4})));
        assertNull(m.get(probe.of(id)));
        assertNull(m.get(probe.of(new byte[] {0, 1, 2, 3})));
        assertNull(m.get(probe.of(new byte[0])));
        assertEquals("worker", m.remove(probe.of(new byte[] {0, 1, 2, 3, 4})));
        assertEquals(0, m.size());
    }

    @Test
    void keysOverTheSameBytesAreEqualAndOthersAreNot() {
        final byte[] a = {7, 7, 7};
        assertEquals(BytesKey.over(a), BytesKey.copyOf(a));
        assertEquals(BytesKey.over(a).hashCode(), new BytesKey.Probe().of(a.clone()).hashCode());
        assertNotEquals(BytesKey.over(a), BytesKey.over(new byte[] {7, 7, 8}));
        assertSame(a, BytesKey.over(a).bytes());
        assertEquals("070707", BytesKey.over(a).toString());
    }

    @Test
    void aProbeGivenArraysInTurnFindsEachOnesKey() {
        // The probe keeps the hash of the array it was last given: each new array, equal in bytes
        // or not, and the same array again, must find its own key.
        final Map<BytesKey, String> m = new HashMap<>();
        final byte[] a = {1, 2, 3};
        final byte[] b = {4, 5, 6};
        m.put(BytesKey.over(a), "a");
        m.put(BytesKey.over(b), "b");
        final BytesKey.Probe probe = new BytesKey.Probe();
        for (int i = 0; i < 3; i++) {
            assertEquals("a", m.get(probe.of(a)));
            assertEquals("a", m.get(probe.of(a)));
            assertEquals("b", m.get(probe.of(b)));
            assertEquals("a", m.get(probe.of(a.clone())));
            assertNull(m.get(probe.of(new byte[] {1, 2, 4})));
            assertEquals("b", m.get(probe.of(b.clone())));
        }
    }
}
