package io.satbus.tracker.report;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import javax.net.SocketFactory;

/**
 * Sockets for Dropwizard's {@code Graphite} sender: connected with a timeout (the plain
 * factory would wait for the operating system's, minutes on a silent host), and the one most
 * recently made can be closed from another thread ({@link #abort()}), which is how a report
 * stuck in a blocking write is cut short: Java has no write timeout on a blocking socket.
 *
 * <p>Sockets are made on the reporter thread; {@link #abort()} comes from the watchdog thread.
 */
final class CarbonSockets extends SocketFactory {
    private final int connectTimeoutMs;
    private volatile Socket current;

    CarbonSockets(final long connectTimeoutMs) {
        if (connectTimeoutMs <= 0 || connectTimeoutMs > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("connectTimeoutMs : " + connectTimeoutMs + " (expected: > 0 and <= "
                + Integer.MAX_VALUE + ")");
        }
        this.connectTimeoutMs = (int) connectTimeoutMs;
    }

    @Override
    public Socket createSocket(final InetAddress host, final int port) throws IOException {
        final Socket socket = new Socket();
        current = socket;
        try {
            socket.connect(new InetSocketAddress(host, port), connectTimeoutMs);
        } catch (IOException ex) {
            socket.close();
            throw ex;
        }
        return socket;
    }

    @Override
    public Socket createSocket(final String host, final int port) throws IOException {
        return createSocket(InetAddress.getByName(host), port);
    }

    @Override
    public Socket createSocket(final String host, final int port, final InetAddress localHost, final int localPort)
        throws IOException {
        return createSocket(InetAddress.getByName(host), port);
    }

    @Override
    public Socket createSocket(final InetAddress host, final int port, final InetAddress localAddress,
                               final int localPort) throws IOException {
        return createSocket(host, port);
    }

    /** Closes the socket last made, if any: a blocked connect or write on it fails at once. */
    void abort() {
        final Socket socket = current;
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing to unblock; the reporter thread sees and reports the failure
            }
        }
    }
}
