package io.satbus.core.envelope;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * One satbus message: the header fields that travel in the MessagePack header frame, and the
 * payload, raw bytes the bus never looks into. Immutable; the payload array is not copied, so
 * callers hand over ownership of it.
 *
 * @param id            message id, unique within a run ({@link io.satbus.core.MessageIds})
 * @param topology      name of the topology the message was created in
 * @param origin        satellite that created the message
 * @param instance      instance number of that satellite (0-based)
 * @param attempt       delivery attempt as the sender saw it, 1 for the first
 * @param createdAtUs   creation time, microseconds since the Unix epoch
 * @param contentType   MIME type of the payload, e.g. {@code application/json}
 * @param headers       extra string headers, never null (may be empty)
 * @param payload       the payload bytes, never null (may be empty)
 */
public record Envelope(long id, String topology, String origin, int instance, int attempt,
                       long createdAtUs, String contentType, Map<String, String> headers, byte[] payload) {

    public static final String DEFAULT_CONTENT_TYPE = "application/octet-stream";

    public Envelope {
        Objects.requireNonNull(topology, "topology");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(contentType, "contentType");
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        payload = payload == null ? new byte[0] : payload;
    }

    /** A copy with another payload and content type, the same id and headers. */
    public Envelope withPayload(final String newContentType, final byte[] newPayload) {
        return new Envelope(id, topology, origin, instance, attempt, createdAtUs, newContentType, headers, newPayload);
    }

    /** A copy with the given attempt number. */
    public Envelope withAttempt(final int newAttempt) {
        return new Envelope(id, topology, origin, instance, newAttempt, createdAtUs, contentType, headers, payload);
    }

    @Override
    public boolean equals(final Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Envelope e)) {
            return false;
        }
        return id == e.id && instance == e.instance && attempt == e.attempt && createdAtUs == e.createdAtUs
            && topology.equals(e.topology) && origin.equals(e.origin) && contentType.equals(e.contentType)
            && headers.equals(e.headers) && Arrays.equals(payload, e.payload);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(id) * 31 + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "Envelope[id=" + Long.toUnsignedString(id) + ", origin=" + origin + "/" + instance + ", attempt=" + attempt
            + ", contentType=" + contentType + ", payload=" + payload.length + " bytes]";
    }
}
