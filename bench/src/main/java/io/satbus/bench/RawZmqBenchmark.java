package io.satbus.bench;

import io.satbus.cli.bench.RawZmqPipe;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The raw JeroMQ ceilings as JMH sees them, on the same {@link RawZmqPipe} that
 * {@code satbus bench} measures: a batch of {@link #BATCH} one-frame messages sent, then received,
 * by one thread, over TCP loopback, one hop or two through a bare proxy thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms256m", "-Xmx256m"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class RawZmqBenchmark {
    /** Fits in the default high-water marks of the path, so the sends never block. */
    static final int BATCH = 500;

    @Param({"100"})
    public int payloadSize;

    @Param({"1", "2"})
    public int hops;

    private RawZmqPipe pipe;

    @Setup(Level.Trial)
    public void setUp() {
        pipe = RawZmqPipe.open(hops, payloadSize);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int batch() {
        for (int i = 0; i < BATCH; i++) {
            pipe.send();
        }
        int bytes = 0;
        for (int i = 0; i < BATCH; i++) {
            bytes += pipe.receive();
        }
        return bytes;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        pipe.close();
    }
}
