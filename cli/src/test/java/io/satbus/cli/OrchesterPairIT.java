package io.satbus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satbus.orchester.OrchesterStatus;
import io.satbus.testing.Eventually;
import io.satbus.testing.Ports;
import io.satbus.testing.TcpRelay;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An orchester pair (Binary Star) under a real {@code satbus run} of processes, both orchesters
 * on this host: SIGKILL of the active one that is not started again (its port held, as a lost
 * host's would be), a cut of the link between the two alone, and a failover back to a primary
 * started again. Every generated sequence reaches the sink, repeats only as counted.
 */
class OrchesterPairIT {
    private static final int COUNT = 100_000;
    private static final Pattern PAYLOAD = Pattern.compile("(MSG) (\\d+)\\.*");
    /** The test topologies' heartbeat (200 ms x 25): the silence after which a passive takes over. */
    private static final long EXPIRY_MS = 5_000;
    /**
     * More lines than can reach the sink without an orchester after a kill (what the sink and the
     * transformers held, their credits of 100): the sink past it means the flow resumed.
     */
    private static final long IN_FLIGHT_BOUND = 2_000;

    @TempDir
    Path dir;

    /** Ports of a pair on 127.0.0.1: primary's three, backup's three, the peer port, one spare for a relay. */
    private static int[] ports() {
        return Ports.freePorts(8);
    }

    private static String orchesterPair(final int[] p, final boolean viaRelay) {
        return "orchester: { host: 127.0.0.1, service_port: " + p[0] + ", pub_port: " + p[1] + ", sub_port: " + p[2] + ", "
            + TestTopologies.HEARTBEAT_SLACK + ",\n"
            + "  backup: { host: 127.0.0.1, service_port: " + p[3] + ", pub_port: " + p[4] + ", sub_port: " + p[5]
            + ", peer_port: " + p[6] + (viaRelay ? ", peer: \"127.0.0.1:" + p[7] + "\"" : "") + " } }\n";
    }

    private static String pipeline(final String name, final int[] p, final boolean viaRelay, final String gen) {
        return "name: " + name + "\n" + orchesterPair(p, viaRelay) + TestTopologies.trackerOnAnyPort()
            + "satellites:\n"
            + "  gen:   { type: generator, send_to: upper, config: { " + gen + ", payload: msg, payload_size: 16 } }\n"
            + "  upper: { type: transformer, instances: 2, send_to: out, config: { op: upper } }\n"
            + "  out:   { type: sink, config: { path: out/sink.txt } }\n";
    }

    /** One orchester's own status, asked of its admin service (a passive one answers too), or null. */
    private static OrchesterStatus statusOf(final int servicePort) {
        try (AdminClient c = new AdminClient("tcp://127.0.0.1:" + servicePort)) {
            final Optional<String> doc = c.ask("status", Duration.ofSeconds(2));
            return doc.map(OrchesterStatus::fromJson).orElse(null);
        }
    }

    private static String stateOf(final int servicePort) {
        final OrchesterStatus s = statusOf(servicePort);
        return s == null || s.pair() == null ? null : s.pair().state();
    }

    private static void awaitState(final int servicePort, final String state, final FaultRun run) throws InterruptedException {
        assertTrue(Eventually.within(() -> state.equals(stateOf(servicePort)), FaultRun.PATIENCE),
            () -> "the orchester on port " + servicePort + " never became " + state + "\n" + run.describe());
    }

    /** Holds {@code port} of 127.0.0.1 so that a process started again there cannot bind it; waits for it to be free. */
    private static ServerSocket hold(final int port) throws InterruptedException {
        final ServerSocket[] held = new ServerSocket[1];
        assertTrue(Eventually.within(() -> {
            try {
                final ServerSocket s = new ServerSocket();
                s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                held[0] = s;
                return true;
            } catch (IOException busy) {
                return false;
            }
        }, Duration.ofSeconds(30)), "port " + port + " never freed after the kill");
        return held[0];
    }

    private void assertEverythingDelivered(final FaultRun run, final int generated) throws IOException {
        final FinalLine end = run.finalLine();
        final SinkFile sink = SinkFile.read(run.sinkPath(), PAYLOAD);
        sink.assertEverySequenceOnceUnderOneId("MSG", generated > 0 ? generated : (int) end.generated());
        assertEquals(0, sink.repeatedLines(), () -> "the sink's handler saw an id twice: " + sink);
        assertTrue(end.drained(), end::toString);
        assertEquals(sink.distinctIds(), end.delivered(), () -> "delivered, against " + sink + ": " + end);
        assertEquals(0, end.dead(), end::toString);
        assertEquals(0, end.lost(), end::toString);
    }

    /**
     * 100,000 messages; at 30% the active orchester (the primary) is killed and its service port
     * held, so that it cannot come back: the backup takes over, the run drains and exits 0.
     */
    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void killingTheActiveOrchesterHandsTheFlowToTheBackupAndNothingIsLost() throws Exception {
        final int[] p = ports();
        final String yaml = pipeline("pair-kill", p, false, "count: " + COUNT);
        try (FaultRun run = FaultRun.start(dir, "pair-kill", yaml, "out/sink.txt", "--until-drained", "--progress", "2s")) {
            awaitState(p[0], "active", run);
            awaitState(p[3], "passive", run);
            run.awaitSinkLines((long) (COUNT * 0.3));
            final long linesAtKill = run.sinkLines();
            final long killedAtMs = System.currentTimeMillis();
            RunFolder.kill9(dir, "orchester", run.supervisor());
            try (ServerSocket held = hold(p[0])) {
                awaitState(p[3], "active", run);
                // Far beyond what was on its way to the sink when the primary died (credits of 100).
                run.awaitSinkLines(linesAtKill + IN_FLIGHT_BOUND);
                final long resumedMs = System.currentTimeMillis() - killedAtMs;
                final OrchesterStatus backup = statusOf(p[3]);
                assertNotNull(backup, run::describe);
                assertEquals("active", backup.pair().state(), run::describe);
                assertEquals(1, backup.pair().failovers(), run::describe);
                System.out.println("pair failover: SIGKILL of the active orchester -> backup active after "
                    + (backup.pair().sinceMs() - killedAtMs) + " ms, sink " + IN_FLIGHT_BOUND + " lines further after "
                    + resumedMs + " ms (" + linesAtKill + " lines at the kill)");
                assertEquals(0, run.awaitExit(FaultRun.PATIENCE), run::describe);
            }
            assertEverythingDelivered(run, COUNT);
            final String backupLog = Files.readString(RunFolder.runDir(dir).resolve("orchester-backup.log"));
            assertTrue(backupLog.contains("PASSIVE -> ACTIVE (failover"), backupLog);
        }
    }

    /**
     * The link between the two orchesters goes through a relay the test cuts while the flow goes
     * on through the primary: the backup hears nothing for many expiries, stays passive, and
     * routes nothing (no worker, no dispatch); the run ends with every message delivered once.
     */
    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void cuttingOnlyThePeerLinkNeverMakesTheBackupActive() throws Exception {
        final int[] p = ports();
        final String yaml = pipeline("pair-cut", p, true, "count: 0, rate: 1000");
        try (TcpRelay relay = new TcpRelay(p[7], p[6]);
             FaultRun run = FaultRun.start(dir, "pair-cut", yaml, "out/sink.txt", "--progress", "2s")) {
            awaitState(p[0], "active", run);
            awaitState(p[3], "passive", run);
            assertTrue(relay.relayed() > 0, "the pair talks through the relay");
            run.awaitSinkLines(1_000);
            relay.cut();
            final long cutAt = System.currentTimeMillis();
            // Three expiries of silence while satellites keep sending to the primary.
            assertTrue(Eventually.within(() -> {
                final OrchesterStatus b = statusOf(p[3]);
                return b != null && b.pair().peerSilentMs() >= 3 * EXPIRY_MS;
            }, FaultRun.PATIENCE), run::describe);
            final long linesAfterSilence = run.sinkLines();
            run.awaitSinkLines(linesAfterSilence + 1_000);
            final OrchesterStatus backup = statusOf(p[3]);
            final OrchesterStatus primary = statusOf(p[0]);
            assertNotNull(backup, run::describe);
            assertNotNull(primary, run::describe);
            assertEquals("passive", backup.pair().state(), () -> backup + "\n" + run.describe());
            assertEquals(0, backup.pair().failovers());
            assertEquals(0, backup.workers(), "the passive registered no worker");
            assertEquals(0, backup.totals().dispatched(), "the passive routed nothing");
            assertEquals("active", primary.pair().state());
            assertTrue(System.currentTimeMillis() - cutAt >= 3 * EXPIRY_MS);
            run.interrupt();
            assertEquals(0, run.awaitExit(FaultRun.PATIENCE), run::describe);
            assertEverythingDelivered(run, 0);
        }
    }

    /**
     * The primary is killed and started again by its supervisor: it comes back passive behind the
     * backup, now active. Then the backup is killed, its port held: the flow fails over back to
     * the primary, and the run ends with every message delivered once.
     */
    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void aRestartedPrimaryComesBackPassiveAndTakesOverAtTheNextFailover() throws Exception {
        final int[] p = ports();
        final String yaml = pipeline("pair-back", p, false, "count: 0, rate: 1000");
        try (FaultRun run = FaultRun.start(dir, "pair-back", yaml, "out/sink.txt", "--progress", "2s")) {
            awaitState(p[0], "active", run);
            awaitState(p[3], "passive", run);
            run.awaitSinkLines(1_000);
            run.killAndAwaitRestart("orchester");
            awaitState(p[3], "active", run);
            awaitState(p[0], "passive", run);
            run.awaitSinkLines(run.sinkLines() + 1_000);
            assertEquals("passive", stateOf(p[0]), "the restarted primary stays passive while the backup is active");
            // satbus status asks both: each one's state and since when, and the pair's failovers.
            try (SatbusProcess status = SatbusProcess.start(dir, "status", dir.resolve("pair-back.yaml").toString(),
                "--timeout", "30s")) {
                final int code = status.waitFor(Duration.ofMinutes(1));
                final String text = status.out();
                assertEquals(0, code, text);
                assertTrue(text.contains("orchester primary: passive since ") && text.contains("orchester backup: active since ")
                    && text.contains("orchester pair: failovers so far 1"), text);
            }

            final long linesAtKill = run.sinkLines();
            RunFolder.kill9(dir, "orchester-backup", run.supervisor());
            try (ServerSocket held = hold(p[3])) {
                run.awaitSinkLines(linesAtKill + 1_000);
                final OrchesterStatus primary = statusOf(p[0]);
                assertNotNull(primary, run::describe);
                assertEquals("active", primary.pair().state(), run::describe);
                assertTrue(primary.pair().failovers() >= 1, primary::toString);
                run.interrupt();
                assertEquals(0, run.awaitExit(FaultRun.PATIENCE), run::describe);
            }
            assertEverythingDelivered(run, 0);
        }
    }
}
