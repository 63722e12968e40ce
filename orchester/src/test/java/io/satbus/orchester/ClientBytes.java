package io.satbus.orchester;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * A loopback TCP relay for one connection to 127.0.0.1:{@code target} that keeps what the client
 * sent ({@link #sent()}), so a test can replay it. Daemon threads; {@link #close()} ends them.
 */
final class ClientBytes implements AutoCloseable {
    private final ServerSocket server;
    private final ByteArrayOutputStream sent = new ByteArrayOutputStream();
    private Socket in;
    private Socket out;

    ClientBytes(final int target) throws IOException {
        server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        final Thread t = new Thread(() -> {
            try {
                in = server.accept();
                out = new Socket();
                out.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), target));
                pump(in.getInputStream(), out.getOutputStream(), true);
                pump(out.getInputStream(), in.getOutputStream(), false);
            } catch (IOException ignored) {
                // closed before a client came
            }
        }, "client-bytes");
        t.setDaemon(true);
        t.start();
    }

    int port() {
        return server.getLocalPort();
    }

    byte[] sent() {
        synchronized (sent) {
            return sent.toByteArray();
        }
    }

    private void pump(final InputStream is, final OutputStream os, final boolean keep) {
        final Thread t = new Thread(() -> {
            final byte[] buf = new byte[8192];
            try {
                int n;
                while ((n = is.read(buf)) > 0) {
                    if (keep) {
                        synchronized (sent) {
                            sent.write(buf, 0, n);
                        }
                    }
                    os.write(buf, 0, n);
                }
            } catch (IOException ignored) {
                // one side closed
            }
        }, "client-bytes-pump");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() throws IOException {
        server.close();
        if (in != null) {
            in.close();
        }
        if (out != null) {
            out.close();
        }
    }
}
