package io.satbus.satellites.firehose;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The message id of an event: the first 8 bytes of SHA-256 over {@code "satbus-event:" + id},
 * so that the same event always travels under the same message id (a retried page yields the
 * same ids downstream) and two events collide with probability about n^2 / 2^65. Thread-safe.
 */
final class EventIds {
    private static final byte[] PREFIX = "satbus-event:".getBytes(StandardCharsets.UTF_8);

    private EventIds() {
    }

    static long messageId(final String eventId) {
        final MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 : missing (expected: every JDK has it)", e);
        }
        sha.update(PREFIX);
        return ByteBuffer.wrap(sha.digest(eventId.getBytes(StandardCharsets.UTF_8))).getLong();
    }
}
