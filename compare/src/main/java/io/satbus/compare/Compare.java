package io.satbus.compare;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Runs satbus's bench shape on one peer system and prints one {@code RESULT} line:
 * delivered messages per second, p50 and p99 latency, and CPU per delivered message (this
 * process, which holds every client as satbus bench holds every satellite, plus the server's
 * process). bench/compare.sh starts the servers and runs the rounds.
 *
 * <pre>
 * java -jar compare.jar SYSTEM [--url URL] [--host H --port P] [--warmup S] [--seconds S]
 *                      [--window N] [--payload BYTES] [--server-pid PID]
 * SYSTEM: nats-request | nats-publish | jetstream | rabbitmq
 * </pre>
 */
public final class Compare {
    private static final double TICKS_PER_SECOND = 100.0; // USER_HZ on Linux

    private Compare() {
    }

    public static void main(final String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: compare SYSTEM [--url URL] [--host H --port P] [--warmup S] [--seconds S]"
                + " [--window N] [--payload BYTES] [--server-pid PID] (SYSTEM: nats-request, nats-publish,"
                + " jetstream, rabbitmq)");
            System.exit(2);
        }
        final Map<String, String> o = new HashMap<>();
        for (int i = 1; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                fail("argument " + args[i] + " : not an option (expected: --name value)");
            }
            o.put(args[i].substring(2), args[i + 1]);
        }
        final int window = Integer.parseInt(o.getOrDefault("window", "1000"));
        final int payload = Integer.parseInt(o.getOrDefault("payload", "100"));
        final int warmup = Integer.parseInt(o.getOrDefault("warmup", "5"));
        final int seconds = Integer.parseInt(o.getOrDefault("seconds", "10"));
        final long serverPid = Long.parseLong(o.getOrDefault("server-pid", "0"));
        final String url = o.getOrDefault("url", "nats://127.0.0.1:4222");
        final Pipeline p = switch (args[0]) {
            case "nats-request" -> new NatsPipelines.RequestReply(url, window);
            case "nats-publish" -> new NatsPipelines.Publish(url, window);
            case "jetstream" -> new NatsPipelines.JetStreamQueues(url, window);
            case "rabbitmq" -> new RabbitPipeline(o.getOrDefault("host", "127.0.0.1"),
                Integer.parseInt(o.getOrDefault("port", "5672")), window);
            default -> throw fail("system " + args[0] + " : unknown (expected: nats-request, nats-publish, jetstream"
                + " or rabbitmq)");
        };
        try (p) {
            p.start();
            final long warmEnd = System.nanoTime() + warmup * 1_000_000_000L;
            if (!p.generate(payload, warmEnd)) {
                throw fail(args[0] + " : stalled during warm-up (no message ended its journey for 10 s)");
            }
            p.interval();
            final long d0 = p.delivered();
            final long cpu0 = ticks(ProcessHandle.current().pid()) + ticks(serverPid);
            final long t0 = System.nanoTime();
            final boolean flowing = p.generate(payload, t0 + seconds * 1_000_000_000L);
            final long t1 = System.nanoTime();
            final long d1 = p.delivered();
            final long cpu1 = ticks(ProcessHandle.current().pid()) + ticks(serverPid);
            final Histogram h = p.interval();
            final boolean drained = p.drain(10);
            final double secs = (t1 - t0) / 1e9;
            final long n = d1 - d0;
            System.out.println(String.format(Locale.ROOT,
                "RESULT system=%s msgs_per_s=%.0f p50_ms=%.2f p99_ms=%.2f cpu_us_per_msg=%.1f delivered=%d failed=%d"
                    + " stalled=%b drained=%b label=\"%s\"",
                args[0], n / secs, h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(99) / 1000.0,
                n == 0 ? 0.0 : (cpu1 - cpu0) / TICKS_PER_SECOND * 1e6 / n, n, p.failures(), !flowing, drained,
                p.label()));
        }
        System.exit(0);
    }

    /** User plus system CPU of process {@code pid} so far, in clock ticks; 0 for pid 0. */
    private static long ticks(final long pid) throws IOException {
        if (pid <= 0) {
            return 0;
        }
        final String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        final String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // after "pid (comm) ": state is field 3, utime 14, stime 15 (1-based over the whole line)
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    private static IllegalArgumentException fail(final String line) {
        System.err.println("compare: " + line);
        System.exit(2);
        return new IllegalArgumentException(line);
    }
}
