package io.satbus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satbus.core.Endpoints;
import io.satbus.core.protocol.Mdp;
import io.satbus.core.topology.Topology;
import io.satbus.core.topology.TopologyLoader;
import io.satbus.orchester.OrchesterStatus;
import io.satbus.satellites.runtime.SatelliteRuntime;
import io.satbus.testing.Eventually;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * Issue 10's flood: a plain MDP client (raw JeroMQ, no satbus code) sends 200,000 requests of
 * 4 KiB to a service that has no worker while a hello-shaped pipeline runs. The orchester holds
 * at most its byte bounds of them and answers the rest {@code ["503"][reason]} at once; what it
 * holds expires after the queue timeout, answered the same way. The pipeline delivers every
 * message, the admin service answers throughout, and the bytes held never pass max_queued_bytes.
 */
class FloodIT {
    private static final int FLOOD = 200_000;
    private static final int FLOOD_BODY = 4096;
    /** Replies the flood client lets the orchester owe it at most (held requests included): its queues stay short. */
    private static final int MAX_OUTSTANDING = 10_000;
    private static final long MAX_QUEUED_BYTES = 32L << 20;
    private static final int PIPELINE = 10_000;
    private static final String VOID = "void";

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void aFloodToAServiceWithNoWorkerIsRefusedOrExpiresWhileThePipelineDeliversEverything() throws Exception {
        final String yaml = "name: flood\n"
            + TestTopologies.orchesterOnFreePorts().replace(" }\n", ", max_queued_bytes: 32MiB }\n")
            + "tracker: { " + TestTopologies.METRICS_ON_ANY_PORT + ", " + TestTopologies.TIMEOUT_SLACK
            + ", queue_timeout: 5s }\n"
            + "satellites:\n"
            + "  gen:   { type: generator, send_to: upper, config: { count: " + PIPELINE + ", rate: 1000, payload: msg,"
            + " payload_size: 64 } }\n"
            + "  upper: { type: transformer, instances: 2, send_to: out, config: { op: upper } }\n"
            + "  out:   { type: sink, config: { path: out/sink.txt } }\n";
        final Path file = dir.resolve("flood.yaml");
        Files.writeString(file, yaml);
        final Topology topology = TopologyLoader.load(file);
        final String endpoint = Endpoints.tcp(topology.orchester().host(), topology.orchester().servicePort());

        try (InProcessRun run = InProcessRun.start(topology, dir);
             AdminPoller admin = new AdminPoller(endpoint)) {
            assertTrue(Eventually.within(() -> run.snapshot(0).orchester().workers() == 3, Duration.ofSeconds(30)),
                "the pipeline's workers registered");
            admin.start();
            final FloodResult flood = flood(endpoint, Duration.ofMinutes(3));
            final List<Long> samplesDuringFlood = admin.samples();
            assertTrue(run.awaitDrained(System.currentTimeMillis() + 120_000, 100, System::currentTimeMillis),
                "pipeline and flood did not drain: " + run.snapshot(0));
            admin.close();
            final RunSnapshot end = run.snapshot(0);

            assertEquals(FLOOD, flood.refused + flood.expired + flood.other,
                "every flood request answered: " + flood);
            assertEquals(0, flood.other, "every answer a 503 refused or expired: " + flood);
            final OrchesterStatus.CounterValues v = end.orchester().service(VOID).counters();
            assertEquals(FLOOD, v.requests());
            assertEquals(flood.refused, v.refused(), "refusals counted as answered");
            assertEquals(flood.expired, v.expired(), "expiries counted as answered");
            assertTrue(flood.expired > 0 && flood.refused > 0, flood.toString());

            assertEquals(PIPELINE, end.generated());
            assertEquals(PIPELINE, end.delivered(), "the pipeline delivered every message");
            assertEquals(PIPELINE, Files.readAllLines(dir.resolve("out/sink.txt")).size());
            for (String s : List.of("upper", "out")) {
                assertEquals(0, end.orchester().service(s).counters().dead(), s + " lost nothing to the flood");
                assertEquals(0, end.orchester().service(s).counters().refused(), s + " was never refused");
            }
            for (String s : List.of("gen", "upper")) {
                for (SatelliteRuntime r : run.runtimes(s)) {
                    assertEquals(0, r.stats().dead(), s + ": " + r.stats());
                    assertEquals(0, r.stats().lost(), s + ": " + r.stats());
                }
            }

            assertTrue(samplesDuringFlood.size() >= 5, "the admin was asked during the flood: " + samplesDuringFlood);
            assertEquals(0, admin.unanswered, "the admin answered every time, within 2 s");
            for (long held : samplesDuringFlood) {
                assertTrue(held <= MAX_QUEUED_BYTES, "held " + held + " bytes, over max_queued_bytes");
            }
            assertTrue(samplesDuringFlood.stream().anyMatch(b -> b > 0), "the admin saw the flood held: " + samplesDuringFlood);
            System.out.printf("flood: %d requests of %d bytes in %d ms: %d refused, %d expired; admin asked %d times "
                    + "(slowest answer %d ms), most held %d bytes of %d%n", FLOOD, FLOOD_BODY, flood.elapsedMs,
                flood.refused, flood.expired, admin.asked, admin.slowestMs,
                samplesDuringFlood.stream().mapToLong(Long::longValue).max().orElse(0), MAX_QUEUED_BYTES);
        }
    }

    /** What the flood client was told. */
    private static final class FloodResult {
        long refused;
        long expired;
        long other;
        long elapsedMs;

        @Override
        public String toString() {
            return "refused " + refused + ", expired " + expired + ", other " + other + " in " + elapsedMs + " ms";
        }
    }

    /**
     * Sends {@link #FLOOD} requests of {@link #FLOOD_BODY} bytes to {@link #VOID} and reads every
     * answer, from one DEALER on one thread, keeping at most {@link #MAX_OUTSTANDING} unanswered.
     */
    private static FloodResult flood(final String endpoint, final Duration limit) {
        final FloodResult r = new FloodResult();
        final byte[] body = new byte[FLOOD_BODY];
        final byte[] service = VOID.getBytes(StandardCharsets.UTF_8);
        final long start = System.nanoTime();
        final long deadline = start + limit.toNanos();
        try (ZContext ctx = new ZContext(1)) {
            final ZMQ.Socket s = ctx.createSocket(SocketType.DEALER);
            s.setLinger(0);
            s.setHandshakeIvl(Endpoints.HANDSHAKE_TIMEOUT_MS);
            s.connect(endpoint);
            final ZMQ.Poller poller = ctx.createPoller(1);
            poller.register(s, ZMQ.Poller.POLLIN | ZMQ.Poller.POLLOUT);
            int sent = 0;
            long answered = 0;
            while (answered < FLOOD && System.nanoTime() < deadline) {
                poller.poll(100);
                while (sent < FLOOD && sent - answered < MAX_OUTSTANDING
                    && s.send(new byte[0], ZMQ.SNDMORE | ZMQ.DONTWAIT)) {
                    s.send(Mdp.CLIENT_BYTES, ZMQ.SNDMORE);
                    s.send(service, ZMQ.SNDMORE);
                    s.send(body, 0);
                    sent++;
                }
                byte[] first;
                while ((first = s.recv(ZMQ.DONTWAIT)) != null) {
                    final List<byte[]> m = new ArrayList<>();
                    m.add(first);
                    while (s.hasReceiveMore()) {
                        m.add(s.recv(0));
                    }
                    answered++;
                    final String code = m.size() == 5 ? new String(m.get(3), StandardCharsets.US_ASCII) : "";
                    final String reason = m.size() == 5 ? new String(m.get(4), StandardCharsets.UTF_8) : "";
                    if (code.equals("503") && reason.startsWith("refused: ")) {
                        r.refused++;
                    } else if (code.equals("503") && reason.startsWith("expired: ")) {
                        r.expired++;
                    } else {
                        r.other++;
                    }
                }
            }
        }
        r.elapsedMs = (System.nanoTime() - start) / 1_000_000;
        return r;
    }

    /** Asks the admin service for its status every 250 ms, on a thread of its own; records the bytes held. */
    private static final class AdminPoller implements AutoCloseable {
        private final String endpoint;
        private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
        private final List<Long> held = new ArrayList<>();
        /** Used by the executor's one thread only. */
        private AdminClient client;
        private volatile long asked;
        private volatile long unanswered;
        private volatile long slowestMs;

        AdminPoller(final String endpoint) {
            this.endpoint = endpoint;
        }

        void start() {
            executor.scheduleWithFixedDelay(this::probe, 0, 250, TimeUnit.MILLISECONDS);
        }

        private void probe() {
            if (client == null) {
                client = new AdminClient(endpoint);
            }
            final long t0 = System.nanoTime();
            final Optional<String> doc = client.ask("status", Duration.ofSeconds(2));
            slowestMs = Math.max(slowestMs, (System.nanoTime() - t0) / 1_000_000);
            asked++;
            if (doc.isEmpty()) {
                unanswered++;
                return;
            }
            final long bytes = OrchesterStatus.fromJson(doc.get()).queuedBytes();
            synchronized (held) {
                held.add(bytes);
            }
        }

        List<Long> samples() {
            synchronized (held) {
                return List.copyOf(held);
            }
        }

        @Override
        public void close() {
            executor.shutdown();
            try {
                if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                    executor.shutdownNow();
                }
            } catch (InterruptedException ex) {
                executor.shutdownNow();
                Thread.currentThread().interrupt();
            }
            if (client != null) {
                client.close();
            }
        }
    }
}
