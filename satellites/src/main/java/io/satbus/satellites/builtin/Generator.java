package io.satbus.satellites.builtin;

import io.satbus.satellites.api.Output;
import io.satbus.satellites.api.SatelliteConfig;
import io.satbus.satellites.api.SatelliteContext;
import io.satbus.satellites.api.Source;
import io.satbus.satellites.runtime.Configurable;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Emits {@code count} messages, {@code "<payload> <sequence>"} padded with dots to
 * {@code payload_size} bytes, sequence from 0, at {@code rate} messages per second (paced on
 * {@link System#nanoTime()}, never sleeping: when nothing is due it returns 0 and the runtime
 * idles). Each message goes to {@code send_to} and on every {@code publish} topic, under one id.
 * A restarted instance resumes at {@link SatelliteContext#resumePosition()}: the sequences after
 * it are produced again under the ids they had, so nothing is missing and receivers recognise
 * what they had already.
 *
 * <p>Runtime thread only, except {@link #generated()}.
 */
public final class Generator implements Source, Configurable {
    public static final long DEFAULT_COUNT = 1000;
    public static final double DEFAULT_RATE = 0;
    public static final int DEFAULT_PAYLOAD_SIZE = 64;
    public static final String DEFAULT_PAYLOAD = "hello";
    public static final String DEFAULT_CONTENT_TYPE = "text/plain; charset=utf-8";
    /** Most messages emitted by one {@link #produce} call, so the runtime gets to its sockets. */
    static final int BATCH = 256;

    private static final byte PAD = '.';

    private final LongSupplier nanoClock;
    private final AtomicLong generated = new AtomicLong();
    private long count;
    private double rate;
    private int payloadSize;
    private String prefix;
    /** {@code prefix + " "} in UTF-8. */
    private byte[] prefixBytes;
    private String contentType;
    private SatelliteContext context;
    private long startNanos;
    private boolean started;

    public Generator() {
        this(System::nanoTime);
    }

    /** With a clock of its own, for tests. */
    Generator(final LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    @Override
    public void open(final SatelliteContext context) {
        this.context = context;
        configure(context);
        // A restarted instance goes on from its last message whose custody passed on, under the same ids.
        generated.set(context.resumePosition());
    }

    @Override
    public void configure(final SatelliteContext context) {
        final SatelliteConfig config = context.config();
        count = config.longInteger("count", DEFAULT_COUNT);
        if (count < 0) {
            throw config.invalid("count", count, "integer >= 0, 0 for until stopped");
        }
        rate = config.decimal("rate", DEFAULT_RATE);
        if (rate < 0 || Double.isNaN(rate) || Double.isInfinite(rate)) {
            throw config.invalid("rate", rate, "messages per second >= 0, 0 for flat out");
        }
        payloadSize = config.integer("payload_size", DEFAULT_PAYLOAD_SIZE);
        if (payloadSize < 0) {
            throw config.invalid("payload_size", payloadSize, "bytes >= 0");
        }
        prefix = config.string("payload", DEFAULT_PAYLOAD);
        prefixBytes = (prefix + " ").getBytes(StandardCharsets.UTF_8);
        contentType = config.string("content_type", DEFAULT_CONTENT_TYPE);
        if (!context.wiring().wired()) {
            throw new IllegalArgumentException("satellites." + context.name()
                + " : neither send_to nor publish (expected: at least one, for the generated messages)");
        }
    }

    @Override
    public int produce(final Output out) {
        final long seq = generated.get();
        if (count > 0 && seq >= count) {
            return DONE;
        }
        long due = BATCH;
        if (count > 0) {
            due = Math.min(due, count - seq);
        }
        if (rate > 0) {
            final long now = nanoClock.getAsLong();
            if (!started) {
                startNanos = now;
                started = true;
            }
            final long allowed = (long) ((now - startNanos) * rate / 1e9) + 1;
            due = Math.min(due, allowed - seq);
        }
        int emitted = 0;
        while (emitted < due && !context.stopping()) {
            out.forward(out.message(contentType, payload(seq + emitted)));
            emitted++;
            generated.set(seq + emitted);
        }
        return emitted;
    }

    /** The payload of message {@code seq}: {@code "<payload> <seq>"} padded with dots to payload_size bytes. */
    byte[] payload(final long seq) {
        if (seq < 0) {
            return padded((prefix + " " + seq).getBytes(StandardCharsets.UTF_8));
        }
        // Written in place: one array per message, where the text and its copy were three.
        final int digits = digits(seq);
        final int textLength = prefixBytes.length + digits;
        final byte[] out = new byte[Math.max(textLength, payloadSize)];
        System.arraycopy(prefixBytes, 0, out, 0, prefixBytes.length);
        long rest = seq;
        for (int i = textLength - 1; i >= prefixBytes.length; i--) {
            out[i] = (byte) ('0' + rest % 10);
            rest /= 10;
        }
        Arrays.fill(out, textLength, out.length, PAD);
        return out;
    }

    private byte[] padded(final byte[] text) {
        if (text.length >= payloadSize) {
            return text;
        }
        final byte[] padded = Arrays.copyOf(text, payloadSize);
        Arrays.fill(padded, text.length, payloadSize, PAD);
        return padded;
    }

    /** Decimal digits of {@code n >= 0}. */
    private static int digits(final long n) {
        int d = 1;
        for (long v = n; v >= 10; v /= 10) {
            d++;
        }
        return d;
    }

    /** Messages generated so far; any thread. */
    public long generated() {
        return generated.get();
    }
}
