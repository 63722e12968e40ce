package io.satbus.satellites.runtime;

import java.io.IOException;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;

/**
 * The notice frame of a 6-frame answer to a send (docs/protocol.md 2.5 and 2.7), a MessagePack
 * map: a <em>refusal</em> ({@code "refused"}: the orchester did not take the request, try again
 * after {@code "retry_after_ms"}) or else a <em>dead notice</em> (the dead-letter info: the
 * request went dead). Immutable.
 *
 * @param refused      true for a refusal
 * @param reason       the refusal's reason, or the last attempt's outcome of a dead request
 * @param attempts     attempts made (dead notice), else 0
 * @param retryAfterMs when to send again (refusal), else 0
 */
record Notice(boolean refused, String reason, int attempts, long retryAfterMs) {
    /** The least wait after a refusal that does not say. */
    static final long DEFAULT_RETRY_AFTER_MS = 100;

    /** Reads a notice; one that cannot be read is a dead notice saying so (the send is released either way). */
    static Notice parse(final byte[] frame) {
        try (MessageUnpacker u = MessagePack.newDefaultUnpacker(frame)) {
            boolean refused = false;
            String reason = "?";
            int attempts = 0;
            long retryAfterMs = DEFAULT_RETRY_AFTER_MS;
            final int n = u.unpackMapHeader();
            for (int i = 0; i < n; i++) {
                switch (u.unpackString()) {
                    case "refused" -> {
                        refused = true;
                        reason = u.unpackString();
                    }
                    case "retry_after_ms" -> retryAfterMs = Math.max(1, u.unpackLong());
                    case "attempts" -> attempts = u.unpackInt();
                    case "history" -> reason = lastOutcome(u);
                    default -> u.skipValue();
                }
            }
            return new Notice(refused, reason, attempts, refused ? retryAfterMs : 0);
        } catch (IOException | RuntimeException e) {
            return new Notice(false, "notice unreadable (" + e.getMessage() + ")", 0, 0);
        }
    }

    /** "N attempts, last: OUTCOME" for a dead notice, "refused: REASON" for a refusal. */
    String describe() {
        return refused ? "refused: " + reason : attempts + " attempts, last: " + reason;
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
