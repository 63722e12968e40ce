package io.satbus.cli;

import io.satbus.core.Endpoints;
import io.satbus.core.protocol.Mdp;
import io.satbus.core.tracking.SatelliteFigures;
import io.satbus.supervisor.RunTotals;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMsg;

/**
 * Hands this host's share of the run's accounting ({@link RunTotals}) to the orchester's admin
 * service about every {@link #INTERVAL_MS}, as a plain MDP request
 *
 * <pre>
 * [""]["MDPC01"]["satbus.admin"]["run HOST GENERATED DELIVERED DUPLICATES DEAD LOST"]
 * [""]["MDPC01"]["satbus.admin"]["satellite NAME SENT OUTSTANDING LOST HANDLED RESTARTS FLAPPING UP HEAP_USED"]
 * </pre>
 * (the second once per satellite of the host, {@link SatelliteFigures}, which the tracker shows
 * as {@code satbus.<topology>.<satellite>.sent} and the rest).
 * The orchester sums the hosts' last figures and passes them to the tracker, which shows them
 * as the gauges {@code satbus.<topology>.run.*} (HTTP view and Graphite). Each request carries
 * the whole figures, so one lost on the way (the orchester restarting) is made good by the
 * next. It never waits: the supervisor's loop that calls it also restarts the orchester. A
 * request that cannot be queued at once is skipped, replies are read and dropped, and an error
 * reply is logged once.
 *
 * <p>Owns its context and socket; called by one thread (the command's).
 */
final class RunTotalsReporter implements AutoCloseable {
    static final long INTERVAL_MS = 1000;
    /** Requests queued towards an orchester that is not there yet; the newest matter, not these. */
    private static final int SEND_HWM = 4;
    private static final Logger LOG = LoggerFactory.getLogger(RunTotalsReporter.class);

    private final ZContext context = new ZContext(1);
    private final ZMQ.Socket socket;
    private final String host;
    private long nextMs = Long.MIN_VALUE;
    private boolean errorLogged;

    /**
     * @param endpoint the orchester's service endpoint
     * @param host     the host whose share it reports ({@code main}, or a {@code --host} name)
     */
    RunTotalsReporter(final String endpoint, final String host) {
        this(List.of(endpoint), host, s -> { });
    }

    /**
     * With an orchester pair, connected to both: the reports alternate between the two, and both
     * admin services take them (a passive one too), so the one that becomes active knows the
     * run's figures already.
     *
     * @param secure applied to the socket before it connects: CURVE keys for a secured orchester
     */
    RunTotalsReporter(final List<String> endpoints, final String host, final Consumer<ZMQ.Socket> secure) {
        this.host = host;
        this.socket = context.createSocket(SocketType.DEALER);
        socket.setLinger(0);
        socket.setSndHWM(SEND_HWM);
        // As satbus's own sockets: JeroMQ may leave a fresh connection without a handshake.
        socket.setHandshakeIvl(Endpoints.HANDSHAKE_TIMEOUT_MS);
        secure.accept(socket);
        endpoints.forEach(socket::connect);
    }

    /**
     * Reports the figures {@code totals} and {@code satellites} give when the last report is
     * {@link #INTERVAL_MS} old; reads what came back.
     */
    void report(final Supplier<RunTotals> totals, final Supplier<List<SatelliteFigures>> satellites, final long nowMs) {
        drainReplies();
        if (nowMs >= nextMs) {
            reportNow(totals.get());
            satellites.get().forEach(this::reportNow);
            nextMs = nowMs + INTERVAL_MS;
        }
    }

    /** Reports one satellite's own figures now: {@code satellite NAME SENT OUTSTANDING ...}. */
    void reportNow(final SatelliteFigures f) {
        final StringBuilder command = new StringBuilder("satellite ").append(f.satellite());
        for (long count : f.counts()) {
            command.append(' ').append(Math.max(0, count));
        }
        send(command.toString());
    }

    /** Reports {@code totals} now (the last figures, as the run ends). */
    void reportNow(final RunTotals totals) {
        send("run " + host + " " + totals.generated() + " " + totals.delivered() + " " + totals.duplicates() + " "
            + totals.dead() + " " + totals.lost());
    }

    private void send(final String command) {
        if (socket.send(new byte[0], ZMQ.DONTWAIT | ZMQ.SNDMORE)) {
            socket.sendMore(Mdp.CLIENT_BYTES);
            socket.sendMore(Mdp.ADMIN_SERVICE);
            socket.send(command);
        }
    }

    private void drainReplies() {
        ZMsg reply;
        while ((reply = ZMsg.recvMsg(socket, ZMQ.DONTWAIT)) != null) {
            final String body = reply.size() >= 4 ? new String(reply.getLast().getData(), StandardCharsets.UTF_8) : "";
            if (!errorLogged && body.contains("\"error\"")) {
                errorLogged = true;
                LOG.warn("the orchester refused the run's figures (logged once): {}", body);
            }
            reply.destroy();
        }
    }

    @Override
    public void close() {
        context.close();
    }
}
