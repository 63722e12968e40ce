package io.satbus.tracker.report;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for carbon's plaintext receiver on 127.0.0.1: keeps every line it reads, or, when
 * {@linkplain #stalled(int) stalled}, accepts connections and never reads them (a carbon that
 * hangs). One accept thread plus one reader thread per connection, all daemons; {@link #close()}
 * closes everything.
 */
final class FakeCarbon implements AutoCloseable {
    private final ServerSocket server;
    private final boolean reading;
    private final List<String> lines = Collections.synchronizedList(new ArrayList<>());
    /** Last value by path; a lagging reader of an older connection never overwrites a newer one. */
    private final Map<String, Seen> latest = new ConcurrentHashMap<>();

    private record Seen(int connection, String value) {
    }
    private final List<Socket> connections = new CopyOnWriteArrayList<>();
    private final AtomicInteger finished = new AtomicInteger();
    private final Thread acceptor;

    private FakeCarbon(final int port, final boolean reading) {
        this.reading = reading;
        try {
            server = new ServerSocket();
            server.setReuseAddress(true);
            if (!reading) {
                server.setReceiveBufferSize(4096);
            }
            server.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 50);
        } catch (IOException ex) {
            throw new UncheckedIOException("fake carbon : cannot listen on 127.0.0.1:" + port, ex);
        }
        acceptor = new Thread(this::accept, "fake-carbon-accept-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Reads lines on {@code port} (0: any free one). */
    static FakeCarbon listening(final int port) {
        return new FakeCarbon(port, true);
    }

    /** Accepts on {@code port} and never reads. */
    static FakeCarbon stalled(final int port) {
        return new FakeCarbon(port, false);
    }

    int port() {
        return server.getLocalPort();
    }

    /** Every line read so far, in order of arrival. */
    List<String> lines() {
        synchronized (lines) {
            return new ArrayList<>(lines);
        }
    }

    int lineCount() {
        return lines.size();
    }

    int connections() {
        return connections.size();
    }

    /** Connections read to their end: one per report that went through. */
    int finished() {
        return finished.get();
    }

    /** The last value received for {@code path}, or null. */
    String lastValue(final String path) {
        final Seen seen = latest.get(path);
        return seen == null ? null : seen.value();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                final Socket socket = server.accept();
                connections.add(socket);
                final int number = connections.size();
                if (reading) {
                    final Thread reader = new Thread(() -> read(socket, number), "fake-carbon-read-" + number);
                    reader.setDaemon(true);
                    reader.start();
                }
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void read(final Socket socket, final int number) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
            StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lines.add(line);
                final String[] parts = line.split(" ");
                if (parts.length == 3) {
                    latest.merge(parts[0], new Seen(number, parts[1]), (old, now) -> old.connection() > number ? old : now);
                }
            }
            finished.incrementAndGet();
        } catch (SocketException closed) {
            // close() ended it
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * Stops listening and closes every connection. Returns once the accept thread has left
     * {@code accept()}: until then the JDK only pre-closes the listening socket, and the kernel
     * still completes connections to it.
     */
    @Override
    public void close() {
        try {
            server.close();
            acceptor.join(10_000);
            for (final Socket s : connections) {
                s.close();
            }
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted closing the fake carbon", ex);
        }
        if (acceptor.isAlive()) {
            throw new IllegalStateException("fake carbon : accept thread still running 10 s after close");
        }
    }
}
