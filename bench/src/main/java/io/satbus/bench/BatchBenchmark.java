package io.satbus.bench;

import io.satbus.core.envelope.EnvelopeCodec;
import io.satbus.core.protocol.Batch;
import io.satbus.core.protocol.DispatchToken;
import io.satbus.core.protocol.MalformedFrameException;
import io.satbus.core.protocol.Mdp;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * SATB01 batches (docs/protocol.md section 2.6) as the satellites and the orchester pack and
 * unpack them: {@value #MESSAGES} client requests {@code ["MDPC01"][service][header][payload]}
 * per batch; and what the orchester reads from a worker that forwards what it handles, an
 * acknowledgement {@code ["MDPW01"][REPLY][token][""][ack header]} (its token and header unique
 * to the message, as they are on the wire) then a request on to the next service, {@value
 * #MESSAGES} of each per batch. Scores are per message. Run with {@code -prof gc} for bytes
 * allocated per message.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms256m", "-Xmx256m"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class BatchBenchmark {
    static final int MESSAGES = 64;

    @Param({"100"})
    public int payloadSize;

    private List<byte[]> request;
    private Batch.Writer writer;
    private Batch.Reader reader;
    private byte[] batch;
    private byte[] fromWorker;
    private final List<byte[]> into = new ArrayList<>(8);

    @Setup
    public void setUp() throws MalformedFrameException {
        request = List.of(Mdp.CLIENT_BYTES, "upper".getBytes(StandardCharsets.UTF_8), new byte[60],
            new byte[payloadSize]);
        writer = new Batch.Writer(Batch.DEFAULT_LIMIT_BYTES);
        reader = new Batch.Reader(Mdp.MAX_FRAMES);
        for (int i = 0; i < MESSAGES; i++) {
            writer.add(request, 0);
        }
        batch = Arrays.copyOf(writer.array(), writer.size());
        writer.clear();
        final byte[] reply = {Mdp.REPLY};
        final List<byte[]> forward = List.of(Mdp.CLIENT_BYTES, "out".getBytes(StandardCharsets.UTF_8),
            new byte[120], new byte[payloadSize]);
        for (int i = 0; i < MESSAGES; i++) {
            writer.add(List.of(Mdp.WORKER_BYTES, reply, DispatchToken.encode(1_000_000 + i, 1), new byte[0],
                EnvelopeCodec.encodeAckHeader(7_000_000_000L + i)), 0);
            writer.add(forward, 0);
        }
        fromWorker = Arrays.copyOf(writer.array(), writer.size());
    }

    @Benchmark
    @OperationsPerInvocation(MESSAGES)
    public int pack() {
        writer.clear();
        for (int i = 0; i < MESSAGES; i++) {
            writer.add(request, 0);
        }
        return writer.size();
    }

    @Benchmark
    @OperationsPerInvocation(MESSAGES)
    public void unpack(final Blackhole bh) throws MalformedFrameException {
        read(batch, bh);
    }

    /** Per acknowledgement and request on: {@code 2 x MESSAGES} messages read. */
    @Benchmark
    @OperationsPerInvocation(MESSAGES)
    public void unpackFromWorker(final Blackhole bh) throws MalformedFrameException {
        read(fromWorker, bh);
    }

    private void read(final byte[] batchFrame, final Blackhole bh) throws MalformedFrameException {
        reader.reset(batchFrame);
        into.clear();
        while (reader.next(into)) {
            bh.consume(into);
            into.clear();
        }
    }
}
