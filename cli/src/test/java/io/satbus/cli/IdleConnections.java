package io.satbus.cli;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * A process that holds idle TCP connections, for IdleConnectionsIT:
 * {@code java -cp TEST_CLASSES io.satbus.cli.IdleConnections HOST PORT COUNT OPEN_MS}. It opens
 * COUNT plain TCP connections to HOST:PORT one after the other and sends nothing on them (a
 * connect that fails or takes over {@value #CONNECT_TIMEOUT_MS} ms is tried again, until OPEN_MS
 * have passed), prints {@code opened N of COUNT, failed F} on stdout, then holds them until its
 * stdin closes (at most {@value #MAX_HOLD_MS} ms) and closes them all.
 *
 * <p>A process of its own because each connection costs its client a file descriptor too: the
 * test's 20,000 would not fit in the test JVM's own limit (20,000 on the build machine) with
 * everything else it has open; four such processes hold a share each.
 */
final class IdleConnections {
    static final int CONNECT_TIMEOUT_MS = 5_000;
    static final long MAX_HOLD_MS = 600_000;

    private IdleConnections() {
    }

    public static void main(final String[] args) throws IOException, InterruptedException {
        final InetSocketAddress to = new InetSocketAddress(args[0], Integer.parseInt(args[1]));
        final int count = Integer.parseInt(args[2]);
        final long deadline = System.nanoTime() + Long.parseLong(args[3]) * 1_000_000;
        final List<Socket> held = new ArrayList<>(count);
        int failed = 0;
        try {
            while (held.size() < count && System.nanoTime() < deadline) {
                final Socket s = new Socket();
                try {
                    s.connect(to, CONNECT_TIMEOUT_MS);
                    held.add(s);
                } catch (IOException ex) {
                    failed++;
                    s.close();
                }
            }
            System.out.println("opened " + held.size() + " of " + count + ", failed " + failed);
            System.out.flush();
            final Thread stdin = new Thread(() -> {
                try {
                    while (System.in.read() >= 0) {
                        // nothing to read: only the end of stdin matters
                    }
                } catch (IOException ignored) {
                    // a broken stdin is an end too
                }
            });
            stdin.setDaemon(true);
            stdin.start();
            stdin.join(MAX_HOLD_MS);
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
    }
}
