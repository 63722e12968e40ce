package io.satbus.cli.bench;

import io.satbus.core.envelope.Envelope;
import io.satbus.satellites.api.Output;
import io.satbus.satellites.api.Satellite;
import io.satbus.satellites.api.SatelliteContext;
import java.time.Instant;
import java.util.function.LongSupplier;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Wraps a terminal satellite (a sink) and records, after each message is handled, the time from
 * the message's {@code created_at_us} (stamped by the generator when it emitted the message) to
 * now, in microseconds. Both ends read the same wall clock in one process.
 *
 * <p>{@link #onMessage} runs on the sink's runtime thread; {@link #interval()} may be called from
 * any thread (the HdrHistogram {@link Recorder} swaps histograms without blocking the writer).
 */
final class LatencyProbe implements Satellite {
    /** Three significant digits: a 1.234 ms latency is told apart from 1.235 ms. */
    static final int SIGNIFICANT_DIGITS = 3;
    static final LongSupplier EPOCH_MICROS = () -> {
        final Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000;
    };

    private final Satellite delegate;
    private final Recorder recorder;
    private final LongSupplier epochMicros;

    LatencyProbe(final Satellite delegate, final Recorder recorder, final LongSupplier epochMicros) {
        this.delegate = delegate;
        this.recorder = recorder;
        this.epochMicros = epochMicros;
    }

    /** A recorder shared by every probe of one variant. */
    static Recorder newRecorder() {
        return new Recorder(SIGNIFICANT_DIGITS);
    }

    /** What was recorded since the last call (the first call: since the recorder was made). */
    static Histogram interval(final Recorder recorder) {
        return recorder.getIntervalHistogram();
    }

    @Override
    public void open(final SatelliteContext context) throws Exception {
        delegate.open(context);
    }

    @Override
    public void onMessage(final Envelope message, final Output out) throws Exception {
        delegate.onMessage(message, out);
        recorder.recordValue(Math.max(0, epochMicros.getAsLong() - message.createdAtUs()));
    }

    @Override
    public void close() throws Exception {
        delegate.close();
    }
}
