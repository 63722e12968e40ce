package io.satbus.satellites.runtime;

import java.io.IOException;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;

/**
 * Reads the dead-letter info of a dead notice (docs/protocol.md 2.5) for a log line: how many
 * attempts were made and how the last one ended. Stateless.
 */
final class DeadNotice {
    private DeadNotice() {
    }

    /** "N attempts, last: OUTCOME", or what was wrong with the info. */
    static String describe(final byte[] info) {
        try (MessageUnpacker u = MessagePack.newDefaultUnpacker(info)) {
            int attempts = -1;
            String last = "?";
            final int n = u.unpackMapHeader();
            for (int i = 0; i < n; i++) {
                final String key = u.unpackString();
                switch (key) {
                    case "attempts" -> attempts = u.unpackInt();
                    case "history" -> last = lastOutcome(u);
                    default -> u.skipValue();
                }
            }
            return attempts + " attempts, last: " + last;
        } catch (IOException | RuntimeException e) {
            return "dead-letter info unreadable (" + e.getMessage() + ")";
        }
    }

    private static String lastOutcome(final MessageUnpacker u) throws IOException {
        String last = "?";
        final int attempts = u.unpackArrayHeader();
        for (int a = 0; a < attempts; a++) {
            final int fields = u.unpackMapHeader();
            for (int f = 0; f < fields; f++) {
                if ("outcome".equals(u.unpackString())) {
                    last = u.unpackString();
                } else {
                    u.skipValue();
                }
            }
        }
        return last;
    }
}
