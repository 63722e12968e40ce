package io.satbus.satellites.builtin;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** What a {@link Transformer} does to a payload; text ops read and write UTF-8. Stateless. */
enum TransformOp {
    UPPER, LOWER, REVERSE, IDENTITY;

    /** The op named {@code name} (any case), or null. */
    static TransformOp named(final String name) {
        for (TransformOp op : values()) {
            if (op.name().equalsIgnoreCase(name.trim())) {
                return op;
            }
        }
        return null;
    }

    static String choices() {
        return "one of upper, lower, reverse, identity";
    }

    byte[] apply(final byte[] payload) {
        if (this == IDENTITY) {
            return payload;
        }
        if (isAscii(payload)) {
            return applyAscii(payload);
        }
        final String text = new String(payload, StandardCharsets.UTF_8);
        final String result = switch (this) {
            case UPPER -> text.toUpperCase(Locale.ROOT);
            case LOWER -> text.toLowerCase(Locale.ROOT);
            default -> new StringBuilder(text).reverse().toString();
        };
        return result.getBytes(StandardCharsets.UTF_8);
    }

    private static boolean isAscii(final byte[] b) {
        for (final byte x : b) {
            if (x < 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * The op on ASCII text, byte by byte into one new array: what the UTF-8 round trip through a
     * String gives for ASCII (Locale.ROOT cases only a-z and A-Z there), without its three arrays.
     */
    private byte[] applyAscii(final byte[] in) {
        final byte[] out = new byte[in.length];
        for (int i = 0; i < in.length; i++) {
            final byte c = in[i];
            out[i] = switch (this) {
                case UPPER -> c >= 'a' && c <= 'z' ? (byte) (c - 32) : c;
                case LOWER -> c >= 'A' && c <= 'Z' ? (byte) (c + 32) : c;
                default -> in[in.length - 1 - i];
            };
        }
        return out;
    }
}
