package io.satbus.core.zmq;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.zeromq.ZMQ;

/**
 * Waits until one of a few ZeroMQ sockets has a message to read: {@code ZMQ.Poller} for input
 * only, without its busy loop on a half-sent wake-up.
 *
 * <p>Why not {@code ZMQ.Poller}: JeroMQ (0.6.0) wakes a socket's owner by writing one byte to the
 * socket's mailbox pipe and only then counting it ({@code Signaler.send}: write, then increment
 * the write cursor), and a non-blocking look at the mailbox trusts the count, not the pipe. The
 * write wakes the polling thread, and on a busy machine the scheduler often runs it in place of
 * the writer, preempted before it counts. The pipe is then readable while no command is visible:
 * {@code ZMQ.Poller.poll} calls {@code select()} again at once, and again, until the writer gets
 * the CPU back, which the loop itself is keeping from it. Measured on 2 cores: tens of thousands
 * of {@code epoll_wait} a second at 10 messages a second, and milliseconds per hop.
 *
 * <p>This poller, when the pipe wakes it and no socket has input, yields the CPU once and then
 * parks {@link #STALL_PARK_NANOS} per turn until the writer has counted its signal. It also
 * allocates nothing per wait.
 *
 * <p>NOT thread safe: owned by the thread that owns the sockets. At most {@link #MAX_SOCKETS}.
 */
public final class SocketPoller implements AutoCloseable {
    /** Sockets one poller can wait on: {@link #poll} answers with one bit per socket. */
    public static final int MAX_SOCKETS = 31;
    /** How long a stalled wait parks per turn after its first yield. */
    static final long STALL_PARK_NANOS = 20_000;

    private final Selector selector;
    private final ZMQ.Socket[] sockets;
    private int size;
    private long stalls;

    /** @param capacity sockets to be registered, 1 to {@link #MAX_SOCKETS} */
    public SocketPoller(final int capacity) {
        if (capacity < 1 || capacity > MAX_SOCKETS) {
            throw new IllegalArgumentException("capacity : " + capacity + " (expected: 1 to " + MAX_SOCKETS + ")");
        }
        this.sockets = new ZMQ.Socket[capacity];
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("socket poller : no selector could be opened", e);
        }
    }

    /** Adds {@code socket}; its bit in {@link #poll}'s answer is {@code 1 << index}. Returns the index. */
    public int register(final ZMQ.Socket socket) {
        if (size == sockets.length) {
            throw new IllegalStateException("socket poller : " + size + " sockets registered (expected: at most "
                + sockets.length + ", its capacity)");
        }
        try {
            socket.getFD().register(selector, SelectionKey.OP_READ);
        } catch (ClosedChannelException e) {
            throw new IllegalArgumentException("socket : closed (expected: an open socket)", e);
        }
        sockets[size] = socket;
        return size++;
    }

    /**
     * Waits up to {@code timeoutMs} (0: not at all) for input on a registered socket. Returns one
     * bit per socket with a message to read ({@code 1 << index}), 0 when the time ran out (or the
     * thread was interrupted).
     */
    public int poll(final long timeoutMs) {
        int ready = readable();
        if (ready != 0 || timeoutMs <= 0) {
            return ready;
        }
        final long deadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        int stalled = 0;
        while (true) {
            final long leftNanos = deadlineNanos - System.nanoTime();
            if (leftNanos <= 0 || Thread.currentThread().isInterrupted()) {
                return 0;
            }
            final int woken = select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(leftNanos)));
            ready = readable();
            if (ready != 0) {
                return ready;
            }
            if (woken > 0) {
                // A mailbox pipe is readable, yet no socket has input: its writer is between writing
                // the wake-up and counting it. Let it run instead of selecting again at once.
                stalls++;
                if (stalled++ == 0) {
                    Thread.yield();
                } else {
                    LockSupport.parkNanos(STALL_PARK_NANOS);
                }
            }
        }
    }

    /** True when bit {@code index} is set in {@code ready}, an answer of {@link #poll}. */
    public static boolean isReadable(final int ready, final int index) {
        return (ready & (1 << index)) != 0;
    }

    /** Wake-ups that found no input on any socket (a writer between its wake-up and its count), since creation. */
    public long stalls() {
        return stalls;
    }

    /** Closes the selector; the sockets stay open. */
    @Override
    public void close() {
        try {
            selector.close();
        } catch (IOException e) {
            throw new UncheckedIOException("socket poller : selector could not be closed", e);
        }
    }

    private int select(final long timeoutMs) {
        try {
            final int n = selector.select(timeoutMs);
            selector.selectedKeys().clear();
            return n;
        } catch (IOException e) {
            throw new UncheckedIOException("socket poller : select failed", e);
        }
    }

    /** Processes each socket's pending commands (what reading its wake-ups means) and reports input. */
    private int readable() {
        int ready = 0;
        for (int i = 0; i < size; i++) {
            if ((sockets[i].getEvents() & ZMQ.Poller.POLLIN) != 0) {
                ready |= 1 << i;
            }
        }
        return ready;
    }
}
