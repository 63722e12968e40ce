package io.satbus.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free TCP ports on 127.0.0.1, where every test's traffic stays.
 *
 * <p>Ports come from outside the kernel's ephemeral range, so that no outgoing connection and no
 * bind to port 0 (a client's local port, a tracker link, a relay) can take one between the moment
 * it is chosen and the moment the test binds it; and a JVM never hands out the same port twice
 * (until it has gone round the whole range), so a port one test let go of is not given to the next.
 */
public final class Ports {
    /** The address tests bind and connect to. */
    public static final String HOST = "127.0.0.1";

    /** The fewest ports a range must have to be used. */
    private static final int ENOUGH = 2_000;

    private static final int LOW;
    private static final int HIGH;
    private static int next;

    static {
        final int[] ephemeral = ephemeralRange();
        if (ephemeral[0] - 1 - 10_000 >= ENOUGH) {
            LOW = 10_000;
            HIGH = ephemeral[0] - 1;
        } else if (65_535 - ephemeral[1] >= ENOUGH) {
            LOW = ephemeral[1] + 1;
            HIGH = 65_535;
        } else {
            LOW = 10_000;
            HIGH = 65_535;
        }
        next = LOW + ThreadLocalRandom.current().nextInt(HIGH - LOW + 1);
    }

    private Ports() {
    }

    /** A port free on {@link #HOST} now. */
    public static int freePort() {
        return freePorts(1)[0];
    }

    /** {@code n} distinct ports free on {@link #HOST} now (all held open together while chosen). */
    public static synchronized int[] freePorts(final int n) {
        final int[] ports = new int[n];
        final ServerSocket[] held = new ServerSocket[n];
        try {
            for (int i = 0; i < n; i++) {
                held[i] = bindNext();
                ports[i] = held[i].getLocalPort();
            }
            return ports;
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

    /** The next port of the range that binds, bound. */
    private static ServerSocket bindNext() {
        final InetAddress host;
        try {
            host = InetAddress.getByName(HOST);
        } catch (IOException ex) {
            throw new UncheckedIOException("no address " + HOST, ex);
        }
        for (int tried = 0; tried <= HIGH - LOW; tried++) {
            final int port = next;
            next = port == HIGH ? LOW : port + 1;
            try {
                final ServerSocket s = new ServerSocket();
                try {
                    s.bind(new InetSocketAddress(host, port), 1);
                    return s;
                } catch (IOException taken) {
                    s.close();
                }
            } catch (IOException ex) {
                throw new UncheckedIOException("no socket for a port probe", ex);
            }
        }
        throw new IllegalStateException("no free port on " + HOST + " between " + LOW + " and " + HIGH);
    }

    /** The kernel's ephemeral range ({@code ip_local_port_range}), or Linux's default when it cannot be read. */
    static int[] ephemeralRange() {
        try {
            final String[] f = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim().split("\\s+");
            return new int[] {Integer.parseInt(f[0]), Integer.parseInt(f[1])};
        } catch (IOException | RuntimeException unreadable) {
            return new int[] {32_768, 60_999};
        }
    }
}
