package io.satbus.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * How steady the machine itself is, for reading a benchmark's spread. Three fixed pieces of work,
 * timed over and over: arithmetic in a table that fits a core's own cache ({@code compute}),
 * random updates across a table far larger than any cache ({@code memory}), and two threads
 * handing a turn to each other, each hand-off waking the other from a park ({@code wake-up}).
 * Prints, per probe and per window of consecutive samples, how much the windows' mean times
 * differ: a whole-bus benchmark whose rounds last about as long as a window cannot be steadier
 * than the parts of the machine it leans on. Not a test, not a JMH benchmark (its point is the
 * variation JMH averages away); bench/machine-noise.sh runs it.
 */
public final class MachineNoise {
    private static final int COMPUTE_STEPS = 60_000_000;
    private static final int MEMORY_STEPS = 2_000_000;
    private static final int HAND_OFFS = 15_000;
    /** Window lengths to report, in seconds: about those of a bench round and its neighbours. */
    private static final int[] WINDOW_SECONDS = {2, 5, 10, 20, 30};
    private static final String[] PROBES = {"compute", "memory", "wake-up"};

    private final int[] small = new int[1 << 16];
    private final int[] large = new int[64 << 20];
    private volatile int turn;
    private long sink;

    private MachineNoise() {
    }

    public static void main(final String[] args) throws InterruptedException {
        int samples = 150;
        for (int i = 0; i < args.length; i++) {
            if (!"--samples".equals(args[i])) {
                fail("argument " + args[i] + " : not understood (expected: --samples N)");
            }
            final String value = i + 1 < args.length ? args[++i] : "nothing";
            if (!value.matches("[1-9][0-9]{0,5}")) {
                fail("--samples " + value + " : not a count (expected a whole number from 1 to 999999)");
            }
            samples = Integer.parseInt(value);
        }
        new MachineNoise().run(samples);
    }

    private static void fail(final String message) {
        System.err.println("machine-noise: " + message);
        System.exit(2);
    }

    private void run(final int samples) throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            sample();
        }
        final double[][] millis = new double[PROBES.length][samples];
        final long start = System.nanoTime();
        for (int s = 0; s < samples; s++) {
            final double[] one = sample();
            for (int p = 0; p < PROBES.length; p++) {
                millis[p][s] = one[p];
            }
            System.err.printf(Locale.ROOT, "machine-noise: sample=%d compute_ms=%.1f memory_ms=%.1f wake_up_ms=%.1f%n",
                    s + 1, one[0], one[1], one[2]);
        }
        final double secondsPerSample = (System.nanoTime() - start) / 1e9 / samples;
        System.out.printf(Locale.ROOT, "%d samples, one every %.1f s; per window of consecutive samples, the "
                + "coefficient of variation of the windows' mean times and their range over their median%n",
                samples, secondsPerSample);
        final List<Integer> windows = new ArrayList<>();
        final StringBuilder header = new StringBuilder("| probe | median ms |");
        final StringBuilder rule = new StringBuilder("| --- | --- |");
        for (final int seconds : WINDOW_SECONDS) {
            final int w = (int) Math.max(1, Math.round(seconds / secondsPerSample));
            if (samples / w >= 4 && !windows.contains(w)) {
                windows.add(w);
                header.append(String.format(Locale.ROOT, " windows of %.0f s |", w * secondsPerSample));
                rule.append(" --- |");
            }
        }
        System.out.println(header);
        System.out.println(rule);
        for (int p = 0; p < PROBES.length; p++) {
            final StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "| %s | %.1f |",
                    PROBES[p], median(millis[p])));
            for (final int w : windows) {
                final double[] means = windowMeans(millis[p], w);
                row.append(String.format(Locale.ROOT, " cv %.1f%%, range %.0f%% |",
                        100 * stdev(means) / mean(means), 100 * (max(means) - min(means)) / median(means)));
            }
            System.out.println(row);
        }
        if (sink == 42) {
            System.out.println();   // keeps the work from being optimised away
        }
    }

    private double[] sample() throws InterruptedException {
        final long t0 = System.nanoTime();
        sink += compute();
        final long t1 = System.nanoTime();
        sink += memory();
        final long t2 = System.nanoTime();
        wakeUps();
        final long t3 = System.nanoTime();
        return new double[] {(t1 - t0) / 1e6, (t2 - t1) / 1e6, (t3 - t2) / 1e6};
    }

    private long compute() {
        long h = 1;
        for (int i = 0; i < COMPUTE_STEPS; i++) {
            final int j = (int) (h & (small.length - 1));
            small[j] += i;
            h = h * 6364136223846793005L + small[j];
        }
        return h;
    }

    private long memory() {
        long h = 1;
        for (int i = 0; i < MEMORY_STEPS; i++) {
            final int j = (int) (h >>> 20) & (large.length - 1);
            large[j] += i;
            h = h * 6364136223846793005L + large[j];
        }
        return h;
    }

    private void wakeUps() throws InterruptedException {
        final Thread[] players = new Thread[2];
        turn = 0;
        for (int k = 0; k < 2; k++) {
            final int me = k;
            players[k] = new Thread(() -> {
                for (int i = 0; i < HAND_OFFS; i++) {
                    while (turn != me) {
                        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
                    }
                    turn = 1 - me;
                    LockSupport.unpark(players[1 - me]);
                }
            }, "machine-noise-" + k);
        }
        for (final Thread t : players) {
            t.start();
        }
        for (final Thread t : players) {
            t.join();
        }
    }

    private static double[] windowMeans(final double[] v, final int w) {
        final double[] means = new double[v.length / w];
        for (int i = 0; i < means.length; i++) {
            means[i] = mean(Arrays.copyOfRange(v, i * w, (i + 1) * w));
        }
        return means;
    }

    private static double mean(final double[] v) {
        return Arrays.stream(v).average().orElse(0);
    }

    private static double stdev(final double[] v) {
        final double m = mean(v);
        return v.length < 2 ? 0 : Math.sqrt(Arrays.stream(v).map(x -> (x - m) * (x - m)).sum() / (v.length - 1));
    }

    private static double median(final double[] v) {
        final double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static double min(final double[] v) {
        return Arrays.stream(v).min().orElse(0);
    }

    private static double max(final double[] v) {
        return Arrays.stream(v).max().orElse(0);
    }
}
