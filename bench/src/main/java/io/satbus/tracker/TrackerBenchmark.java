package io.satbus.tracker;

import com.codahale.metrics.Clock;
import com.codahale.metrics.MetricRegistry;
import io.satbus.core.protocol.MalformedFrameException;
import io.satbus.core.topology.TopologyException;
import io.satbus.core.topology.TopologyLoader;
import io.satbus.core.tracking.TrackerDecisionHandler;
import io.satbus.core.tracking.TrackerEventCodec;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The tracker's work per message: the DISPATCHED then DONE transitions with their metrics and
 * deadline (armed, then cancelled), alone and as decoded from an event frame; and the deadline
 * wheel's schedule and cancel. Time is a counter the benchmark advances. Run with {@code -prof gc}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms256m", "-Xmx256m"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class TrackerBenchmark {
    private static final int WORKER = 1;

    private final Clock clock = new Clock() {
        @Override
        public long getTick() {
            return nowNanos;
        }
    };
    private long nowNanos = 1_000_000_000L;
    private long dispatchId;
    private TrackerEngine engine;
    private DeadlineWheel wheel;
    private byte[] frame;
    private int slot;

    @Setup
    public void setUp() throws TopologyException, MalformedFrameException {
        final TrackerConfig config = TrackerConfig.from(TopologyLoader.parse("name: jmh\nsatellites:\n"
            + "  gen: { type: generator, send_to: upper }\n  upper: { type: transformer }\n", "<jmh>"));
        final TrackerDecisionHandler ignore = new TrackerDecisionHandler() {
            @Override
            public void onTimeout(final long id, final int attempt) {
            }

            @Override
            public void onRetry(final long id, final int attempt) {
            }

            @Override
            public void onDead(final long id, final int attempts) {
            }
        };
        engine = new TrackerEngine(config, new MetricRegistry(), clock, ignore, TrackerConfig.DEFAULT_INITIAL_CAPACITY);
        engine.apply(new TrackerEventCodec().workerUp(WORKER, "00aa", "upper", "upper", 0).drain(), nowNanos);
        frame = new TrackerEventCodec().dispatched(7, 1, WORKER).replied(7, 1).drain();
        wheel = new DeadlineWheel(nowNanos, TrackerConfig.DEFAULT_TICK_NANOS, TrackerConfig.DEFAULT_TICKS_PER_WHEEL, 1024);
    }

    @Benchmark
    public Object dispatchedThenDone() {
        nowNanos += 1_000;
        final long id = ++dispatchId;
        engine.fsm().dispatched(id, 1, WORKER, nowNanos);
        return engine.fsm().replied(id, 1, nowNanos + 500);
    }

    @Benchmark
    public int eventFrameDecodedAndApplied() throws MalformedFrameException {
        nowNanos += 1_000;
        return engine.apply(frame, nowNanos);
    }

    @Benchmark
    public boolean deadlineScheduledThenCancelled() {
        nowNanos += 1_000;
        slot = (slot + 1) & 1023;
        wheel.schedule(slot, nowNanos + 5_000_000_000L);
        return wheel.cancel(slot);
    }
}
