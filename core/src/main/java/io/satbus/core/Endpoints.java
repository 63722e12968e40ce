package io.satbus.core;

/**
 * One name per endpoint: the ZeroMQ address strings built from a host and a port.
 *
 * <p>Stateless and thread-safe.
 */
public final class Endpoints {
    /**
     * Deadline of a ZeroMQ connection's handshake, for every satbus socket on both ends. JeroMQ
     * 0.6.0 now and then leaves a fresh TCP connection without a handshake (both ends report it
     * connected, no greeting ever completes, nothing sent on it arrives); with a deadline the
     * socket drops such a connection and the connecting side reconnects by itself.
     */
    public static final int HANDSHAKE_TIMEOUT_MS = 1000;

    private Endpoints() {
    }

    /** {@code tcp://host:port}, for both bind and connect. */
    public static String tcp(final String host, final int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port : " + port + " (expected: 1..65535)");
        }
        if (host.indexOf(':') >= 0 && !host.startsWith("[")) {
            return "tcp://[" + host + "]:" + port;
        }
        return "tcp://" + host + ":" + port;
    }

    /**
     * {@code inproc://satbus-tracker-TOPOLOGY}: where an orchester reaches the tracker that runs in
     * its own process (the two must share one ZeroMQ context).
     */
    public static String trackerInproc(final String topology) {
        return "inproc://satbus-tracker-" + topology;
    }

    /** True when two bind addresses may be the same interface: equal, a wildcard, or both loopback names. */
    public static boolean sameAddress(final String a, final String b) {
        final java.util.Set<String> wildcard = java.util.Set.of("0.0.0.0", "*", "::", "[::]");
        final java.util.Set<String> loopback = java.util.Set.of("127.0.0.1", "localhost");
        return a.equalsIgnoreCase(b) || wildcard.contains(a) || wildcard.contains(b)
            || loopback.contains(a.toLowerCase(java.util.Locale.ROOT)) && loopback.contains(b.toLowerCase(java.util.Locale.ROOT));
    }
}
