package io.satbus.cli;

import io.satbus.core.protocol.Mdp;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMsg;

/**
 * A plain MDP/0.1 client of the orchester's admin services ({@code satbus.admin} and the
 * supervisors' {@code satbus.supervisor.<host>}): one request, one reply, or nothing once the
 * deadline passes.
 *
 * <p>It retries in the "lazy pirate" way of MDP clients: when an attempt gets no answer it
 * closes its socket, opens a new one and asks again, waiting twice as long each time. A request
 * can be lost with its connection (the orchester restarted, or a TCP connection that JeroMQ left
 * without a handshake), and a late answer to an abandoned attempt goes to a closed socket, so it
 * is never taken for the answer to a later request. Every command it sends is idempotent
 * ({@code status}, {@code scale SATELLITE N}). With an orchester pair it is the guide's Binary
 * Star client: each abandoned attempt turns to the other orchester (a passive one does not answer
 * what it would have to route). Owns its context and socket; one thread.
 */
final class AdminClient implements AutoCloseable {
    /** How long the first attempt waits; each next one waits twice as long, up to the deadline. */
    static final long FIRST_ATTEMPT_MS = 500;

    private final ZContext context = new ZContext(1);
    private final List<String> endpoints;
    private int current;
    /** Applied to each socket before it connects: CURVE keys for a secured orchester. */
    private final Consumer<ZMQ.Socket> secure;
    private ZMQ.Socket socket;
    private ZMQ.Poller poller;

    AdminClient(final String endpoint) {
        this(List.of(endpoint), s -> { });
    }

    AdminClient(final String endpoint, final Consumer<ZMQ.Socket> secure) {
        this(List.of(endpoint), secure);
    }

    /**
     * @param endpoints the orchester's service endpoint, then its backup's when paired
     * @param secure    applied to each socket before it connects: CURVE keys for a secured orchester
     */
    AdminClient(final List<String> endpoints, final Consumer<ZMQ.Socket> secure) {
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException("endpoints : [] (expected: at least one orchester)");
        }
        this.endpoints = List.copyOf(endpoints);
        this.secure = secure;
    }

    /** Sends {@code command} to the admin service; the reply's body, or empty after {@code timeout}. */
    Optional<String> ask(final String command, final Duration timeout) {
        return ask(Mdp.ADMIN_SERVICE, command, timeout);
    }

    /** Sends {@code command} to {@code service}; the reply's body, or empty after {@code timeout}. */
    Optional<String> ask(final String service, final String command, final Duration timeout) {
        final long deadline = System.nanoTime() + timeout.toNanos();
        long attemptNanos = FIRST_ATTEMPT_MS * 1_000_000;
        while (System.nanoTime() < deadline) {
            if (socket == null) {
                open();
            }
            send(service, command);
            final Optional<String> reply = await(service, Math.min(deadline, System.nanoTime() + attemptNanos));
            if (reply.isPresent()) {
                return reply;
            }
            abandon();
            attemptNanos *= 2;
        }
        return Optional.empty();
    }

    private void open() {
        socket = context.createSocket(SocketType.DEALER);
        socket.setLinger(0);
        secure.accept(socket);
        socket.connect(endpoints.get(current));
        poller = context.createPoller(1);
        poller.register(socket, ZMQ.Poller.POLLIN);
    }

    private void abandon() {
        poller.close();
        context.destroySocket(socket);
        socket = null;
        poller = null;
        current = (current + 1) % endpoints.size();
    }

    private void send(final String service, final String command) {
        final ZMsg request = new ZMsg();
        request.add(new byte[0]);
        request.add(Mdp.CLIENT_BYTES);
        request.add(service);
        request.add(command);
        request.send(socket);
    }

    private Optional<String> await(final String service, final long untilNanos) {
        while (System.nanoTime() < untilNanos) {
            if (poller.poll(Math.max(1, (untilNanos - System.nanoTime()) / 1_000_000)) > 0) {
                final ZMsg reply = ZMsg.recvMsg(socket);
                // [""][MDPC01][service][body]
                if (reply != null && reply.size() >= 4) {
                    reply.pop();
                    reply.pop();
                    if (service.equals(reply.pop().getString(StandardCharsets.UTF_8))) {
                        return Optional.of(new String(reply.pop().getData(), StandardCharsets.UTF_8));
                    }
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
