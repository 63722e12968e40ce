package io.satbus.satellites.builtin;

import io.satbus.core.envelope.Envelope;
import io.satbus.satellites.api.Output;
import io.satbus.satellites.api.Satellite;
import io.satbus.satellites.api.SatelliteContext;
import io.satbus.satellites.runtime.Configurable;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Applies {@code op} (upper, lower, reverse, identity) to each payload read as UTF-8 text and
 * forwards the result under the SAME message id to {@code send_to} and on its {@code publish}
 * topics. Without either, it is a request/reply service: the result is the reply. With a
 * {@code delay} it first waits that long per message, standing in for slow work (demos, tests
 * of load and scaling); the wait holds its runtime thread, as slow work would.
 *
 * <p>Runtime thread only, except {@link #transformed()}.
 */
public final class Transformer implements Satellite, Configurable {
    public static final String DEFAULT_OP = "upper";
    public static final Duration DEFAULT_DELAY = Duration.ZERO;

    private final AtomicLong transformed = new AtomicLong();
    private TransformOp op;
    private boolean wired;
    private long delayNanos;

    @Override
    public void open(final SatelliteContext context) {
        configure(context);
    }

    @Override
    public void configure(final SatelliteContext context) {
        final String name = context.config().string("op", DEFAULT_OP);
        op = TransformOp.named(name);
        if (op == null) {
            throw context.config().invalid("op", name, TransformOp.choices());
        }
        wired = context.wiring().wired();
        delayNanos = context.config().duration("delay", DEFAULT_DELAY).toNanos();
    }

    @Override
    public void onMessage(final Envelope message, final Output out) {
        if (delayNanos > 0) {
            pause();
        }
        final byte[] result = op.apply(message.payload());
        if (wired) {
            out.forward(message, message.contentType(), result);
        } else {
            out.reply(message.contentType(), result);
        }
        transformed.incrementAndGet();
    }

    /** Waits {@code delay}, or less when the thread is interrupted (the runtime is closing). */
    private void pause() {
        final long until = System.nanoTime() + delayNanos;
        for (long left = delayNanos; left > 0 && !Thread.currentThread().isInterrupted(); left = until - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
    }

    /** Messages transformed so far; any thread. */
    public long transformed() {
        return transformed.get();
    }
}
