package io.satbus.bench;

import io.satbus.core.envelope.Envelope;
import io.satbus.core.envelope.EnvelopeCodec;
import io.satbus.core.envelope.Reply;
import io.satbus.core.protocol.MalformedFrameException;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The envelope header codec and the reply header, as every satellite and the orchester run them
 * once or more per message. Run with {@code -prof gc} for bytes allocated per operation.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms256m", "-Xmx256m"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class EnvelopeCodecBenchmark {
    @Param({"100"})
    public int payloadSize;

    private Envelope envelope;
    private byte[] header;
    private byte[] payload;
    private byte[] okReply;

    @Setup
    public void setUp() {
        payload = new byte[payloadSize];
        envelope = new Envelope(0x1234_5678_9abcL, "hello", "upper", 1, 1, 1_718_000_000_000_000L,
            "text/plain; charset=utf-8", Map.of(), payload);
        header = EnvelopeCodec.encodeHeader(envelope);
        okReply = Reply.OK.encode();
    }

    @Benchmark
    public byte[] encodeHeader() {
        return EnvelopeCodec.encodeHeader(envelope);
    }

    @Benchmark
    public Envelope decode() throws MalformedFrameException {
        return EnvelopeCodec.decode(header, payload);
    }

    @Benchmark
    public Reply decodeOkReply() throws MalformedFrameException {
        return Reply.decode(okReply);
    }
}
