package io.satbus.satellites.builtin;

import io.satbus.core.envelope.Envelope;
import io.satbus.satellites.api.Output;
import io.satbus.satellites.api.Satellite;
import io.satbus.satellites.api.SatelliteContext;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Applies {@code op} (upper, lower, reverse, identity) to each payload read as UTF-8 text and
 * forwards the result under the SAME message id to {@code send_to} and on its {@code publish}
 * topics. Without either, it is a request/reply service: the result is the reply.
 *
 * <p>Runtime thread only, except {@link #transformed()}.
 */
public final class Transformer implements Satellite {
    public static final String DEFAULT_OP = "upper";

    private final AtomicLong transformed = new AtomicLong();
    private TransformOp op;
    private boolean wired;

    @Override
    public void open(final SatelliteContext context) {
        final String name = context.config().string("op", DEFAULT_OP);
        op = TransformOp.named(name);
        if (op == null) {
            throw context.config().invalid("op", name, TransformOp.choices());
        }
        wired = context.spec().sendTo() != null || !context.spec().publish().isEmpty();
    }

    @Override
    public void onMessage(final Envelope message, final Output out) {
        final byte[] result = op.apply(message.payload());
        if (wired) {
            out.forward(message, message.contentType(), result);
        } else {
            out.reply(message.contentType(), result);
        }
        transformed.incrementAndGet();
    }

    /** Messages transformed so far; any thread. */
    public long transformed() {
        return transformed.get();
    }
}
