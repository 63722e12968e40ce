package io.satbus.orchester;

import java.util.HexFormat;

/** Lower-case hex of identities, for logs, status and dead letters. Stateless. */
final class Hex {
    private static final HexFormat FORMAT = HexFormat.of();

    private Hex() {
    }

    static String of(final byte[] bytes) {
        return FORMAT.formatHex(bytes);
    }
}
