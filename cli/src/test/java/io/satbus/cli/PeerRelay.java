package io.satbus.cli;

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
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback TCP relay the test controls, put between the two orchesters of a pair (the
 * backup's {@code peer} names it): it passes bytes both ways until {@link #cut()}, which closes
 * every connection and takes no new one, as a broken network between two hosts would.
 */
final class PeerRelay implements AutoCloseable {
    private final ServerSocket server;
    private final int target;
    private final AtomicBoolean cut = new AtomicBoolean();
    private final AtomicLong bytes = new AtomicLong();
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    /** Listens on {@code port} of 127.0.0.1 and relays to {@code target} there. */
    PeerRelay(final int port, final int target) throws IOException {
        this.server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        this.target = target;
        this.acceptor = new Thread(this::accept, "peer-relay-" + port);
        acceptor.setDaemon(true);
        acceptor.start();
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
                // closed, or the target not up yet: the orchester's link connects again by itself
            }
        }
    }

    private void pump(final Socket from, final Socket to) {
        final Thread t = new Thread(() -> {
            final byte[] buf = new byte[4096];
            try (InputStream i = from.getInputStream(); OutputStream o = to.getOutputStream()) {
                int n;
                while (!cut.get() && (n = i.read(buf)) >= 0) {
                    o.write(buf, 0, n);
                    bytes.addAndGet(n);
                }
            } catch (IOException ex) {
                // one side closed: the relay of this connection ends
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "peer-relay-pump");
        t.setDaemon(true);
        t.start();
    }

    /** Bytes relayed so far, both ways. */
    long bytes() {
        return bytes.get();
    }

    /** Cuts the link: every connection closed, new ones refused. */
    void cut() {
        cut.set(true);
        open.forEach(PeerRelay::closeQuietly);
    }

    private static void closeQuietly(final Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        cut();
        server.close();
    }
}
