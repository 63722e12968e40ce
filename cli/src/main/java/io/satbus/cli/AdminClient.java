package io.satbus.cli;

import io.satbus.core.protocol.Mdp;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMsg;

/**
 * A plain MDP/0.1 client of the orchester's {@code satbus.admin} service: one request, one
 * reply, or nothing when the deadline passes. Owns its context and socket; one thread.
 */
final class AdminClient implements AutoCloseable {
    private final ZContext context = new ZContext(1);
    private final ZMQ.Socket socket;

    AdminClient(final String endpoint) {
        socket = context.createSocket(SocketType.DEALER);
        socket.setLinger(0);
        socket.connect(endpoint);
    }

    /** Sends {@code command} to the admin service; the reply's body, or empty after {@code timeout}. */
    Optional<String> ask(final String command, final Duration timeout) {
        return ask(Mdp.ADMIN_SERVICE, command, timeout);
    }

    /**
     * Sends {@code command} to {@code service}; the reply's body, or empty after {@code timeout}.
     * One request at a time: a late reply to an earlier request is skipped.
     */
    Optional<String> ask(final String service, final String command, final Duration timeout) {
        final ZMsg request = new ZMsg();
        request.add(new byte[0]);
        request.add(Mdp.CLIENT_BYTES);
        request.add(service);
        request.add(command);
        request.send(socket);
        final ZMQ.Poller poller = context.createPoller(1);
        poller.register(socket, ZMQ.Poller.POLLIN);
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (poller.poll(Math.max(1, (deadline - System.nanoTime()) / 1_000_000)) > 0) {
                final ZMsg reply = ZMsg.recvMsg(socket);
                // [""][MDPC01][service][body]
                if (reply != null && reply.size() >= 4) {
                    reply.pop();
                    reply.pop();
                    if (!service.equals(reply.pop().getString(StandardCharsets.UTF_8))) {
                        continue;
                    }
                    return Optional.of(new String(reply.pop().getData(), StandardCharsets.UTF_8));
                }
            }
        }
        return Optional.empty();
    }

    @Override
    public void close() {
        context.close();
    }
}
