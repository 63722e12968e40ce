package io.satbus.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * A loopback TCP relay the test controls: every connection to {@link #port()} is joined to
 * 127.0.0.1:{@code target}, and every byte that crosses it, either way, is kept for the test to
 * read ({@link #bytes()}). Threads are daemons; {@link #close()} ends them.
 */
final class TcpRelay implements AutoCloseable {
    private final ServerSocket server;
    private final int target;
    private final ByteArrayOutputStream seen = new ByteArrayOutputStream();
    private final List<Socket> sockets = new ArrayList<>();
    private final Thread acceptor;

    TcpRelay(final int target) throws IOException {
        this.target = target;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::accept, "relay-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** Every byte relayed so far, both ways. */
    byte[] bytes() {
        synchronized (seen) {
            return seen.toByteArray();
        }
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                final Socket in = server.accept();
                final Socket out = new Socket();
                out.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), target));
                synchronized (sockets) {
                    sockets.add(in);
                    sockets.add(out);
                }
                pump(in, out);
                pump(out, in);
            } catch (IOException ex) {
                return;
            }
        }
    }

    private void pump(final Socket from, final Socket to) throws IOException {
        final InputStream is = from.getInputStream();
        final OutputStream os = to.getOutputStream();
        final Thread t = new Thread(() -> {
            final byte[] buf = new byte[8192];
            try {
                int n;
                while ((n = is.read(buf)) > 0) {
                    synchronized (seen) {
                        seen.write(buf, 0, n);
                    }
                    os.write(buf, 0, n);
                    os.flush();
                }
            } catch (IOException ignored) {
                // the other side closed: the pump ends with its connection
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "relay-pump");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(final Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing is all that is left to do
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        synchronized (sockets) {
            sockets.forEach(TcpRelay::closeQuietly);
        }
    }
}
