package io.satbus.orchester;

import io.satbus.core.envelope.Reply;
import io.satbus.core.protocol.MalformedFrameException;
import io.satbus.core.protocol.Mdp;
import io.satbus.core.protocol.WorkerInfo;
import io.satbus.core.topology.TopologyException;
import io.satbus.core.topology.TopologyLoader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
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
import org.slf4j.LoggerFactory;

/**
 * The orchester's decision for one message, without sockets: a client request is checked,
 * queued and dispatched to the least-loaded of {@link #workers} satbus workers (dispatch token,
 * REQUEST frames, tracking event), then its worker's REPLY is checked, matched by token and
 * forwarded to the client. Frames leave through a sink that keeps only the last token. Run with
 * {@code -prof gc}: what it allocates per operation is the routing path's own, JeroMQ apart.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms256m", "-Xmx256m"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class RoutingBenchmark {
    private static final byte[] EMPTY = new byte[0];

    @Param({"2"})
    public int workers;

    private ServiceRouter router;
    private final List<byte[]> request = new ArrayList<>();
    private final List<byte[]> reply = new ArrayList<>();
    private final byte[][] workerIds = new byte[8][];
    private byte[] lastToken;
    private byte[] lastWorker;
    private long now = 1_000;

    @Setup
    public void setUp() throws TopologyException, MalformedFrameException {
        final OrchesterConfig config = OrchesterConfig.from(TopologyLoader.parse("name: jmh\nsatellites:\n"
            + "  gen: { type: generator, send_to: upper }\n  upper: { type: transformer }\n", "<jmh>"));
        final FrameSink sink = frames -> {
            if (frames.size() > 4 && frames.get(3).length == 1 && frames.get(3)[0] == Mdp.REQUEST) {
                lastWorker = frames.get(0);
                lastToken = frames.get(4);
            }
        };
        router = new ServiceRouter(config, sink, frames -> { }, Tracking.local(RetryPolicy.maxRetries(config)),
            new WarnLimiter(LoggerFactory.getLogger(RoutingBenchmark.class), 1, 60_000));
        final byte[] service = "upper".getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < workers; i++) {
            workerIds[i] = ("upper." + i).getBytes(StandardCharsets.UTF_8);
            router.onMessage(List.of(workerIds[i], EMPTY, Mdp.WORKER_BYTES, new byte[] {Mdp.READY}, service,
                new WorkerInfo("upper", i, 100).encode()), now);
        }
        request.addAll(List.of("gen.0".getBytes(StandardCharsets.UTF_8), EMPTY, Mdp.CLIENT_BYTES, service,
            new byte[40], new byte[100]));
        reply.addAll(List.of(EMPTY, EMPTY, Mdp.WORKER_BYTES, new byte[] {Mdp.REPLY}, EMPTY, EMPTY,
            Reply.OK.encode(), new byte[40], new byte[100]));
    }

    @Benchmark
    public byte[] requestThenReply() throws MalformedFrameException {
        now++;
        router.onMessage(request, now);
        reply.set(0, lastWorker);
        reply.set(4, lastToken);
        router.onMessage(reply, now);
        return lastToken;
    }
}
