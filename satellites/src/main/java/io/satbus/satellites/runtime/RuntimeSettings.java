package io.satbus.satellites.runtime;

import io.satbus.core.topology.SatelliteSpec;
import io.satbus.core.topology.Topology;
import java.nio.file.Path;

/**
 * How one runtime behaves, apart from what the topology says. Immutable.
 *
 * @param sendWindow    sends that may wait for acknowledgement at once; a send beyond it blocks
 * @param ackTimeoutMs  the longest a message can take to be delivered or declared dead; a satellite in
 *                      another language gets it to log overdue sends (SATBUS_ACK_TIMEOUT_MS); a send
 *                      is kept however long it waits (docs/protocol.md 2.7)
 * @param stopGraceMs   how long {@link SatelliteRuntime#stop()} waits for outstanding sends
 * @param idleMs        how long the loop waits for input when a source had nothing to emit
 * @param stateDir      folder where the instance keeps what must survive its process (counters,
 *                      completed ids, a source's position, the outbox), or null for none
 * @param keyName       with security on, the name of the key its sockets prove (its secret file in
 *                      {@code security.secrets}); null: the satellite's own name
 */
public record RuntimeSettings(int sendWindow, long ackTimeoutMs, long stopGraceMs, long idleMs, Path stateDir,
                              String keyName) {
    public static final int DEFAULT_SEND_WINDOW = 1000;
    public static final long DEFAULT_STOP_GRACE_MS = 5000;
    public static final long DEFAULT_IDLE_MS = 1;

    public RuntimeSettings {
        if (sendWindow < 1) {
            throw new IllegalArgumentException("sendWindow : " + sendWindow + " (expected: >= 1)");
        }
        if (ackTimeoutMs < 1) {
            throw new IllegalArgumentException("ackTimeoutMs : " + ackTimeoutMs + " (expected: >= 1)");
        }
        if (stopGraceMs < 0) {
            throw new IllegalArgumentException("stopGraceMs : " + stopGraceMs + " (expected: >= 0)");
        }
        if (idleMs < 0) {
            throw new IllegalArgumentException("idleMs : " + idleMs + " (expected: >= 0)");
        }
    }

    /**
     * The defaults for {@code topology}: the ack timeout is the longest any message of it can
     * take to be delivered or declared dead (every attempt's deadline and backoff), plus one
     * heartbeat expiry.
     */
    public static RuntimeSettings forTopology(final Topology topology) {
        long longest = topology.tracker().timeoutMs() * (topology.tracker().maxRetries() + 1L);
        for (SatelliteSpec s : topology.satellites().values()) {
            final int retries = topology.maxRetries(s);
            longest = Math.max(longest, topology.timeoutMs(s) * (retries + 1L)
                + topology.tracker().retryBackoffMs() * retries);
        }
        return new RuntimeSettings(DEFAULT_SEND_WINDOW, Math.max(1, longest + topology.orchester().expiryMs()),
            DEFAULT_STOP_GRACE_MS, DEFAULT_IDLE_MS, null, null);
    }

    public RuntimeSettings withSendWindow(final int n) {
        return new RuntimeSettings(n, ackTimeoutMs, stopGraceMs, idleMs, stateDir, keyName);
    }

    public RuntimeSettings withAckTimeoutMs(final long ms) {
        return new RuntimeSettings(sendWindow, ms, stopGraceMs, idleMs, stateDir, keyName);
    }

    public RuntimeSettings withStopGraceMs(final long ms) {
        return new RuntimeSettings(sendWindow, ackTimeoutMs, ms, idleMs, stateDir, keyName);
    }

    /** With a state directory; see {@link #stateDir()}. */
    public RuntimeSettings withStateDir(final Path dir) {
        return new RuntimeSettings(sendWindow, ackTimeoutMs, stopGraceMs, idleMs, dir, keyName);
    }

    /** With the key its sockets prove when security is on; see {@link #keyName()}. */
    public RuntimeSettings withKeyName(final String name) {
        return new RuntimeSettings(sendWindow, ackTimeoutMs, stopGraceMs, idleMs, stateDir, name);
    }
}
