package io.satbus.orchester;

import io.satbus.core.topology.ByteSizes;
import io.satbus.core.topology.OrchesterSpec;

/**
 * The orchester's byte bounds as it runs with them: those the topology states, the others
 * derived from the heap the orchester's JVM was given (docs/operations.md, "Bounds"):
 * <ul>
 *   <li>{@code max_queued_bytes}: a quarter of the heap, but at least the largest written
 *       service or peer bound and {@code max_message_size};</li>
 *   <li>{@code max_service_bytes}: a quarter of it, but at least {@code max_message_size};</li>
 *   <li>{@code max_peer_bytes}: an eighth of it, but at least {@code max_message_size}.</li>
 * </ul>
 * So every bound takes the largest message, and the service and peer bounds never exceed the
 * total. Immutable.
 *
 * @param maxQueuedBytes  bytes of requests held at most, over all services
 * @param maxServiceBytes of them, for one service
 * @param maxPeerBytes    of them, from one client (ROUTER identity)
 */
public record ByteBounds(long maxQueuedBytes, long maxServiceBytes, long maxPeerBytes) {
    /** Share of the heap the held requests may take when max_queued_bytes is not written. */
    static final int HEAP_SHARE_DIVISOR = 4;
    static final int SERVICE_SHARE_DIVISOR = 4;
    static final int PEER_SHARE_DIVISOR = 8;

    public ByteBounds {
        if (maxQueuedBytes < 1 || maxServiceBytes < 1 || maxPeerBytes < 1) {
            throw new IllegalArgumentException("byte bounds : " + maxQueuedBytes + ", " + maxServiceBytes + ", "
                + maxPeerBytes + " (expected: max_queued_bytes, max_service_bytes and max_peer_bytes > 0)");
        }
        if (maxServiceBytes > maxQueuedBytes) {
            throw new IllegalArgumentException("max_service_bytes : " + ByteSizes.format(maxServiceBytes)
                + " (expected: <= max_queued_bytes " + ByteSizes.format(maxQueuedBytes) + ")");
        }
        if (maxPeerBytes > maxQueuedBytes) {
            throw new IllegalArgumentException("max_peer_bytes : " + ByteSizes.format(maxPeerBytes)
                + " (expected: <= max_queued_bytes " + ByteSizes.format(maxQueuedBytes) + ")");
        }
    }

    /**
     * The bounds of {@code o}, those it leaves {@link OrchesterSpec#DERIVED} taken from
     * {@code maxHeapBytes} ({@link Runtime#maxMemory()} of the orchester's JVM).
     *
     * @throws IllegalArgumentException when a bound is less than {@code max_message_size}, or the
     *                                  service or peer bound more than the total
     */
    public static ByteBounds of(final OrchesterSpec o, final long maxHeapBytes) {
        if (maxHeapBytes < 1) {
            throw new IllegalArgumentException("max heap : " + maxHeapBytes + " bytes (expected: > 0)");
        }
        final long message = o.maxMessageBytes();
        final long queued = o.maxQueuedBytes() != OrchesterSpec.DERIVED ? o.maxQueuedBytes()
            : max(maxHeapBytes / HEAP_SHARE_DIVISOR, message, o.maxServiceBytes(), o.maxPeerBytes());
        final long service = o.maxServiceBytes() != OrchesterSpec.DERIVED ? o.maxServiceBytes()
            : Math.min(queued, Math.max(queued / SERVICE_SHARE_DIVISOR, message));
        final long peer = o.maxPeerBytes() != OrchesterSpec.DERIVED ? o.maxPeerBytes()
            : Math.min(queued, Math.max(queued / PEER_SHARE_DIVISOR, message));
        final ByteBounds b = new ByteBounds(queued, service, peer);
        b.checkTakes(message);
        return b;
    }

    private void checkTakes(final long maxMessageBytes) {
        final String[] names = {"max_queued_bytes", "max_service_bytes", "max_peer_bytes"};
        final long[] values = {maxQueuedBytes, maxServiceBytes, maxPeerBytes};
        for (int i = 0; i < names.length; i++) {
            if (values[i] < maxMessageBytes) {
                throw new IllegalArgumentException(names[i] + " : " + ByteSizes.format(values[i]) + " (expected: >= "
                    + "max_message_size " + ByteSizes.format(maxMessageBytes) + ", so that the largest message can be taken)");
            }
        }
    }

    private static long max(final long a, final long b, final long c, final long d) {
        return Math.max(Math.max(a, b), Math.max(c, d));
    }

    @Override
    public String toString() {
        return "max_queued_bytes " + readable(maxQueuedBytes) + ", max_service_bytes " + readable(maxServiceBytes)
            + ", max_peer_bytes " + readable(maxPeerBytes);
    }

    /** {@code 16MiB} when whole, else {@code 30.9MiB}: for logs, not for the topology file. */
    static String readable(final long bytes) {
        final long mib = 1L << 20;
        return bytes < mib || bytes % mib == 0 ? ByteSizes.format(bytes)
            : String.format(java.util.Locale.ROOT, "%.1fMiB", bytes / (double) mib);
    }
}
