package io.satbus.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A loopback TCP relay the test controls: every connection to {@link #port()} is joined to
 * 127.0.0.1:{@code target}, every byte that crosses it either way is kept for the test to read
 * ({@link #seen()}), and {@link #cut()} closes every connection and takes no new one, as a broken
 * network between two hosts would. Threads are daemons; {@link #close()} ends them.
 */
public final class TcpRelay implements AutoCloseable {
    private final ServerSocket server;
    private final int target;
    private final AtomicBoolean cut = new AtomicBoolean();
    private final ByteArrayOutputStream seen = new ByteArrayOutputStream();
    private final List<Socket> open = new CopyOnWriteArrayList<>();

    /** Listens on a free port of 127.0.0.1 and relays to {@code target} there. */
    public TcpRelay(final int target) throws IOException {
        this(0, target);
    }

    /** Listens on {@code port} of 127.0.0.1 (0: any free one) and relays to {@code target} there. */
    public TcpRelay(final int port, final int target) throws IOException {
        this.target = target;
        this.server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        final Thread acceptor = new Thread(this::accept, "relay-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Every byte relayed so far, both ways. */
    public byte[] seen() {
        synchronized (seen) {
            return seen.toByteArray();
        }
    }

    /** How many bytes were relayed so far, both ways. */
    public long relayed() {
        synchronized (seen) {
            return seen.size();
        }
    }

    /** Cuts the link: every connection closed, new ones refused. */
    public void cut() {
        cut.set(true);
        open.forEach(TcpRelay::closeQuietly);
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                final Socket in = server.accept();
                if (cut.get()) {
                    in.close();
                    continue;
                }
                final Socket out = new Socket(InetAddress.getLoopbackAddress(), target);
                open.add(in);
                open.add(out);
                pump(in, out);
                pump(out, in);
            } catch (IOException ex) {
                // closed, or the target not up yet: the peer connects again by itself
            }
        }
    }

    private void pump(final Socket from, final Socket to) {
        final Thread t = new Thread(() -> {
            final byte[] buf = new byte[8192];
            try (InputStream i = from.getInputStream(); OutputStream o = to.getOutputStream()) {
                int n;
                while (!cut.get() && (n = i.read(buf)) >= 0) {
                    synchronized (seen) {
                        seen.write(buf, 0, n);
                    }
                    o.write(buf, 0, n);
                    o.flush();
                }
            } catch (IOException ex) {
                // one side closed: the relay of this connection ends
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
        cut();
        server.close();
    }
}
