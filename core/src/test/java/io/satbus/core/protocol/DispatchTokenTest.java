package io.satbus.core.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class DispatchTokenTest {

    @Test
    void roundTripKeepsIdAndAttemptIncludingExtremes() throws MalformedFrameException {
        for (long id : new long[] {0, 1, -1, Long.MIN_VALUE, Long.MAX_VALUE, 0x0102030405060708L}) {
            for (int attempt : new int[] {0, 1, -1, Integer.MAX_VALUE}) {
                final byte[] token = DispatchToken.encode(id, attempt);
                DispatchToken.check(token);
                assertEquals(id, DispatchToken.dispatchId(token));
                assertEquals(attempt, DispatchToken.attempt(token));
            }
        }
    }

    @Test
    void layoutIsBigEndianIdThenAttempt() {
        assertArrayEquals(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 0, 0, 0, 9}, DispatchToken.encode(0x0102030405060708L, 9));
    }

    @Test
    void encodeIntoReusesTheGivenBuffer() {
        final byte[] buffer = new byte[DispatchToken.LENGTH];
        DispatchToken.encode(42, 3, buffer);

        assertEquals(42, DispatchToken.dispatchId(buffer));
        assertEquals(3, DispatchToken.attempt(buffer));
    }

    @Test
    void wrongLengthOrMissingTokenIsMalformed() {
        assertEquals("reply-to : 11 bytes (expected: 12-byte dispatch token)",
            assertThrows(MalformedFrameException.class, () -> DispatchToken.check(new byte[11])).getMessage());
        assertEquals("reply-to : missing (expected: 12-byte dispatch token)",
            assertThrows(MalformedFrameException.class, () -> DispatchToken.check(null)).getMessage());
    }

    @Test
    void aTokenIsReadWhereItLiesInALargerArray() throws MalformedFrameException {
        final byte[] array = new byte[5 + DispatchToken.LENGTH + 3];
        java.util.Arrays.fill(array, (byte) 0x7f);
        System.arraycopy(DispatchToken.encode(-2, 77), 0, array, 5, DispatchToken.LENGTH);
        DispatchToken.check(DispatchToken.LENGTH);
        assertEquals(-2, DispatchToken.dispatchId(array, 5));
        assertEquals(77, DispatchToken.attempt(array, 5));
        assertEquals("reply-to : 13 bytes (expected: 12-byte dispatch token)",
            assertThrows(MalformedFrameException.class, () -> DispatchToken.check(13)).getMessage());
    }
}
