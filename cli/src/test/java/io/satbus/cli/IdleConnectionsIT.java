package io.satbus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satbus.supervisor.SupervisorStatus;
import io.satbus.supervisor.SupervisorStatus.InstanceStatus;
import io.satbus.testing.Eventually;
import io.satbus.testing.Ports;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Idle TCP connections (connect, send nothing) to a pipeline running under {@code satbus run}:
 * 20,000 to the HTTP view, as many as its process may have descriptors, which used to take the
 * whole orchester process down ("Too many open files"), and 2,000 to each of the orchester's
 * three ports. The orchester process keeps well within its file descriptors (the HTTP view closes
 * the quietest beyond its cap, ZeroMQ closes connections that never finish their handshake), so
 * the pipeline flows, the admin answers ({@code satbus status}), /health answers, and a
 * transformer killed with SIGKILL while the connections are held comes back, reconnects and
 * works. Then Ctrl-C: every message generated is delivered and the run exits 0.
 *
 * <p>The connections come from {@link IdleConnections} processes of 5,000 or 2,000 each: every
 * JVM here, the test's included, may open at most 20,000 descriptors ({@code ulimit -n} of the
 * build machine, soft and hard; a JVM raises its soft limit to the hard one), and each client end
 * takes one, so no one process could hold them all. Loopback only.
 */
class IdleConnectionsIT {
    private static final Pattern SEQUENCE = Pattern.compile("MSG (\\d+)\\.*");
    private static final Pattern OPENED = Pattern.compile("opened (\\d+) of (\\d+), failed (\\d+)");
    private static final int HTTP_HOLDERS = 4;
    private static final int PER_HTTP_HOLDER = 5_000;
    private static final int PER_ORCHESTER_PORT = 2_000;
    /** Far below the 20,000 descriptors the orchester process may have, and the 20,000 connections to its HTTP view. */
    private static final long MOST_DESCRIPTORS = 5_000;
    private static final long OPEN_MS = 120_000;
    private static final String ANSWER_TIMEOUT = "30s";

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void idleConnectionsNeitherStopThePipelineNorTheAdminNorANewSatellite() throws Exception {
        final int[] ports = Ports.freePorts(4);
        final String endpoint = "tcp://127.0.0.1:" + ports[0];
        final Path file = dir.resolve("idle.yaml");
        Files.writeString(file, "name: idle\n"
            + "orchester: { host: 127.0.0.1, service_port: " + ports[0] + ", pub_port: " + ports[1] + ", sub_port: "
            + ports[2] + ", " + TestTopologies.HEARTBEAT_SLACK + " }\n"
            + "tracker: { " + TestTopologies.TIMEOUT_SLACK + ", metrics: { http: \"127.0.0.1:" + ports[3] + "\" } }\n"
            + "satellites:\n"
            + "  gen:   { type: generator, send_to: upper, config: { count: 0, rate: 200, payload: msg, payload_size: 12 } }\n"
            + "  upper: { type: transformer, instances: 2, send_to: out, config: { op: upper } }\n"
            + "  out:   { type: sink, config: { path: out/sink.txt } }\n");
        final List<Process> holders = new ArrayList<>();
        final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        try (SatbusProcess run = SatbusProcess.start(dir, "run", file.toString(), "--grace", SatbusCommandIT.GRACE)) {
            assertTrue(Eventually.within(() -> sinkLines() >= 100, Duration.ofSeconds(120)),
                () -> "pipeline never got going: " + text(run));
            final long orchester = RunFolder.pid(dir, "orchester");
            assertTrue(orchester > 0, "no orchester pid file");
            final AtomicLong peakDescriptors = new AtomicLong();
            sampler.scheduleWithFixedDelay(() -> peakDescriptors.accumulateAndGet(descriptors(orchester), Math::max),
                0, 100, TimeUnit.MILLISECONDS);

            for (int i = 0; i < HTTP_HOLDERS; i++) {
                holders.add(hold(ports[3], PER_HTTP_HOLDER));
            }
            for (int i = 0; i < 3; i++) {
                holders.add(hold(ports[i], PER_ORCHESTER_PORT));
            }
            final List<CompletableFuture<String>> reports = new ArrayList<>();
            for (Process p : holders) {
                reports.add(CompletableFuture.supplyAsync(() -> firstLine(p)));
            }
            int opened = 0;
            for (CompletableFuture<String> r : reports) {
                final String line = r.get(OPEN_MS + 60_000, TimeUnit.MILLISECONDS);
                final Matcher m = OPENED.matcher(line == null ? "" : line);
                assertTrue(m.matches(), "a holder said: " + line);
                assertEquals(m.group(2), m.group(1), "every connection of a holder opened: " + line);
                opened += Integer.parseInt(m.group(1));
            }
            assertEquals(HTTP_HOLDERS * PER_HTTP_HOLDER + 3 * PER_ORCHESTER_PORT, opened);
            assertTrue(holders.stream().allMatch(Process::isAlive), "the connections are held");

            // The HTTP view answers, and says the loop turns.
            final HttpResponse<String> health = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()
                .send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports[3] + "/health"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode(), health.body());
            assertTrue(health.body().contains("\"alive\" : true"), health.body());

            // The admin answers.
            try (SatbusProcess status = SatbusProcess.start(dir, "status", file.toString(), "--timeout", ANSWER_TIMEOUT)) {
                assertEquals(0, status.waitFor(Duration.ofMinutes(1)), () -> text(status));
                assertTrue(status.out().matches("(?s).*\\nupper +2/2 .*"), () -> text(status));
            }

            // A new satellite process connects and works: upper.0 killed, restarted, handling again.
            final long killed = RunFolder.pid(dir, "upper.0");
            assertTrue(killed > 0, "no pid file of upper.0");
            new ProcessBuilder("kill", "-9", Long.toString(killed)).inheritIO().start().waitFor();
            final long[] handledAtRestart = {-1};
            assertTrue(Eventually.within(() -> {
                final InstanceStatus i = upper0(endpoint);
                if (i == null || !i.up() || i.pid() == killed || i.restarts() < 1 || i.report() == null
                    || i.report().pid() != i.pid()) {
                    return false;
                }
                if (handledAtRestart[0] < 0) {
                    handledAtRestart[0] = i.report().handled();
                }
                return i.report().handled() > handledAtRestart[0] + 50;
            }, Duration.ofSeconds(120)), () -> "upper.0 did not come back and work: " + RunFolder.status(endpoint, "main"));
            final long linesNow = sinkLines();
            assertTrue(Eventually.within(() -> sinkLines() > linesNow + 200, Duration.ofSeconds(60)),
                "the pipeline flows while the connections are held");
            assertTrue(holders.stream().allMatch(Process::isAlive), "still held");

            for (Process p : holders) {
                p.getOutputStream().close();
            }
            for (Process p : holders) {
                assertTrue(p.waitFor(60, TimeUnit.SECONDS), "a holder did not close its connections");
            }
            sampler.shutdownNow();
            final long peak = peakDescriptors.get();
            assertTrue(peak > 0 && peak < MOST_DESCRIPTORS, "the orchester process's descriptors stayed bounded, peak " + peak);

            new ProcessBuilder("kill", "-INT", Long.toString(run.process().pid())).inheritIO().start().waitFor();
            assertEquals(0, run.waitFor(Duration.ofMinutes(2)), () -> text(run));
            final Matcher m = RunFolder.DRAINED.matcher(run.out());
            assertTrue(m.find(), () -> text(run));
            final int generated = Integer.parseInt(m.group(2));
            RunFolder.assertEverySequenceInSink(dir.resolve("out/sink.txt"), SEQUENCE, generated,
                Integer.parseInt(m.group(3)));
            System.out.println("IdleConnectionsIT: " + opened + " idle connections held; orchester process peak "
                + peak + " file descriptors; " + m.group());
        } finally {
            sampler.shutdownNow();
            holders.forEach(Process::destroyForcibly);
        }
    }

    /** A process holding {@code count} idle connections to 127.0.0.1:{@code port}. */
    private Process hold(final int port, final int count) throws IOException, java.net.URISyntaxException {
        final Path classes = Path.of(IdleConnections.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m",
            "-XX:+UseSerialGC", "-cp", classes.toString(), IdleConnections.class.getName(), "127.0.0.1",
            Integer.toString(port), Integer.toString(count), Long.toString(OPEN_MS))
            .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    private static String firstLine(final Process p) {
        try {
            return new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)).readLine();
        } catch (IOException ex) {
            return ex.toString();
        }
    }

    /** Open descriptors of process {@code pid} (Linux: entries of /proc/PID/fd), or 0. */
    private static long descriptors(final long pid) {
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            return fds.count();
        } catch (IOException | RuntimeException ex) {
            return 0;
        }
    }

    private static InstanceStatus upper0(final String endpoint) {
        final SupervisorStatus s = RunFolder.status(endpoint, "main");
        return s == null ? null : s.instancesOf("upper").stream().filter(i -> i.instance() == 0).findFirst().orElse(null);
    }

    private long sinkLines() {
        try {
            final Path f = dir.resolve("out/sink.txt");
            return Files.exists(f) ? Files.readAllLines(f).size() : 0;
        } catch (IOException ex) {
            return 0;
        }
    }

    private static String text(final SatbusProcess p) {
        try {
            return "stdout:\n" + p.out() + "\nstderr:\n" + p.err();
        } catch (IOException ex) {
            return ex.toString();
        }
    }
}
