package io.satbus.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Free TCP ports on 127.0.0.1, where every test's traffic stays. */
public final class Ports {
    /** The address tests bind and connect to. */
    public static final String HOST = "127.0.0.1";

    private Ports() {
    }

    /** A port free on {@link #HOST} now. */
    public static int freePort() {
        return freePorts(1)[0];
    }

    /** {@code n} distinct ports free on {@link #HOST} now (all held open together while chosen). */
    public static int[] freePorts(final int n) {
        final int[] ports = new int[n];
        final ServerSocket[] held = new ServerSocket[n];
        try {
            for (int i = 0; i < n; i++) {
                held[i] = new ServerSocket(0, 1, InetAddress.getByName(HOST));
                held[i].setReuseAddress(true);
                ports[i] = held[i].getLocalPort();
            }
            return ports;
        } catch (IOException ex) {
            throw new UncheckedIOException("no free port on " + HOST, ex);
        } finally {
            for (ServerSocket s : held) {
                if (s != null) {
                    try {
                        s.close();
                    } catch (IOException ignored) {
                        // a port that could not be closed is reported as used by the next bind
                    }
                }
            }
        }
    }
}
