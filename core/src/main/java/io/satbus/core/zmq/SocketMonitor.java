package io.satbus.core.zmq;

import java.util.concurrent.atomic.AtomicLong;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZEvent;
import org.zeromq.ZMQ;

/**
 * A ZeroMQ socket's connection events (JeroMQ's {@code socket.monitor}), read by the socket's
 * owner from an inproc PAIR, and stopped before that reader goes.
 *
 * <p>Why the order matters: JeroMQ (0.6.0) sends each event from the thread that raises it,
 * usually the context's I/O thread, with a blocking send on the PAIR that the monitored socket
 * bound. Once the reader is closed that PAIR has no peer, and the next event (the connection of
 * a socket being closed dropping, say) blocks the I/O thread for good: every socket of the
 * context stops connecting and moving messages, and nothing says so. {@link #close} therefore
 * unregisters the monitor from the socket first (after which JeroMQ sends no event), and only
 * then closes the reader. The reader also takes any number of events, so that a send never
 * waits for room either.
 *
 * <p>NOT thread safe: owned by the thread that owns the socket. Close it before the socket.
 */
public final class SocketMonitor implements AutoCloseable {
    private static final AtomicLong SEQ = new AtomicLong();

    private final ZMQ.Socket socket;
    private final ZMQ.Socket reader;
    private boolean closed;

    /**
     * Starts reporting {@code events} ({@code ZMQ.EVENT_*}, or'ed) of {@code socket}, an open
     * socket of {@code zmq}. Start it before the socket connects or binds, so that no event is
     * missed.
     */
    public SocketMonitor(final ZContext zmq, final ZMQ.Socket socket, final int events) {
        // Unique in the process: several owners may share one context, where inproc names are shared too.
        final String endpoint = "inproc://satbus-monitor-" + SEQ.incrementAndGet();
        if (!socket.monitor(endpoint, events)) {
            throw new IllegalStateException("socket monitor : " + endpoint + " could not be started (errno "
                + socket.errno() + "; expected: an open socket of a live context)");
        }
        this.socket = socket;
        this.reader = zmq.createSocket(SocketType.PAIR);
        reader.setRcvHWM(0);
        reader.connect(endpoint);
    }

    /** The reading end, to register with a {@link SocketPoller} beside the socket. */
    public ZMQ.Socket reader() {
        return reader;
    }

    /** The next event, or null when none is waiting. */
    public ZEvent next() {
        return ZEvent.recv(reader, ZMQ.DONTWAIT);
    }

    /** Stops the socket's events, then closes the reader; the socket stays open. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        // Under JeroMQ's monitor lock: an event being sent now completes (its reader is still
        // here), and none is sent afterwards.
        socket.monitor(null, 0);
        reader.setLinger(0);
        reader.close();
    }
}
