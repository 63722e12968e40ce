package io.satbus.orchester;

import java.nio.ByteBuffer;

/** Reads the 12-byte reply-to frame as written in docs/protocol.md, independently of core's codec. */
final class DispatchTokens {
    private DispatchTokens() {
    }

    static long id(final byte[] token) {
        return ByteBuffer.wrap(token).getLong(0);
    }

    static int attempt(final byte[] token) {
        return ByteBuffer.wrap(token).getInt(8);
    }
}
