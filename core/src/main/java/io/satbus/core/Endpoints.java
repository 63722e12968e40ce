package io.satbus.core;

/**
 * One name per endpoint: the ZeroMQ address strings built from a host and a port.
 *
 * <p>Stateless and thread-safe.
 */
public final class Endpoints {
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
}
