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
        final String text = new String(payload, StandardCharsets.UTF_8);
        final String result = switch (this) {
            case UPPER -> text.toUpperCase(Locale.ROOT);
            case LOWER -> text.toLowerCase(Locale.ROOT);
            default -> new StringBuilder(text).reverse().toString();
        };
        return result.getBytes(StandardCharsets.UTF_8);
    }
}
