package io.satbus.cli.bench;

import io.satbus.core.topology.SatelliteSpec;
import io.satbus.orchester.OrchesterStatus;
import io.satbus.satellites.runtime.SatelliteRuntime;
import io.satbus.satellites.runtime.SatelliteStats;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Measures one variant: starts it, runs the warm-up, takes every counter, runs the measured
 * period (a duration, or until a message count reached the sinks) sampling in-flight and heap
 * every {@link #SAMPLE_MS}, takes every counter again and closes the run. Owned by the bench thread.
 */
final class VariantBench {
    static final long SAMPLE_MS = 100;

    private final BenchSettings settings;
    private final Path baseDir;
    private final ProgressBar progress;
    private final ProcessMeter meter = new ProcessMeter();

    VariantBench(final BenchSettings settings, final Path baseDir, final ProgressBar progress) {
        this.settings = settings;
        this.baseDir = baseDir;
        this.progress = progress;
    }

    VariantResult measure(final Variant variant, final BenchTopology bt, final Baseline baseline)
        throws InterruptedException {
        try (BenchRun run = BenchRun.start(bt, baseDir)) {
            progress.phase(variant.label() + " warm-up", settings.warmupMs());
            Thread.sleep(settings.warmupMs());
            final Map<String, long[]> before = counters(run);
            final OrchesterStatus.CounterValues orchBefore = run.status().totals();
            LatencyProbe.interval(run.latency());
            final ProcessMeter.Sample start = meter.sample();
            final long deliveredBefore = delivered(run);
            progress.phase(variant.label() + " measure", settings.messages() > 0 ? 0 : settings.durationMs());
            final long endNanos = start.atNanos() + 1_000_000 * (settings.messages() > 0
                ? BenchSettings.MAX_COUNTED_MS : settings.durationMs());
            long inFlightSum = 0;
            long inFlightMax = 0;
            long queuedMax = 0;
            long heapMax = start.heapUsedBytes();
            int samples = 0;
            while (System.nanoTime() < endNanos) {
                Thread.sleep(Math.max(1, Math.min(SAMPLE_MS, (endNanos - System.nanoTime()) / 1_000_000)));
                final OrchesterStatus s = run.status();
                inFlightSum += s.inFlight();
                inFlightMax = Math.max(inFlightMax, s.inFlight());
                queuedMax = Math.max(queuedMax, s.queued());
                heapMax = Math.max(heapMax, meter.sample().heapUsedBytes());
                samples++;
                if (settings.messages() > 0) {
                    final long done = delivered(run) - deliveredBefore;
                    progress.fraction(Math.min(1.0, done / (double) settings.messages()));
                    if (done >= settings.messages()) {
                        break;
                    }
                }
            }
            final ProcessMeter.Sample end = meter.sample();
            final Histogram latency = LatencyProbe.interval(run.latency());
            final long delivered = delivered(run) - deliveredBefore;
            final Map<String, long[]> after = counters(run);
            final OrchesterStatus.CounterValues orchAfter = run.status().totals();
            final double seconds = (end.atNanos() - start.atNanos()) / 1e9;
            final double throughput = delivered / seconds;
            final List<VariantResult.SatelliteResult> sats = new ArrayList<>();
            long satErrors = 0;
            long unacked = 0;
            for (final SatelliteSpec spec : bt.topology().satellites().values()) {
                final long[] b = before.get(spec.name());
                final long[] a = after.get(spec.name());
                final long handled = a[0] - b[0];
                final long sent = a[1] - b[1];
                satErrors += a[2] - b[2];
                unacked += a[3] - b[3];
                final boolean source = !spec.isWorker() && spec.subscribe().isEmpty();
                sats.add(new VariantResult.SatelliteResult(spec.name(), spec.instances(), handled, sent, a[2] - b[2],
                    a[3] - b[3], (source ? sent : handled) / seconds));
            }
            final long allocated = start.allocatedBytes() < 0 || end.allocatedBytes() < 0 ? -1
                : end.allocatedBytes() - start.allocatedBytes();
            return new VariantResult(variant.label(), variant.params(), bt.tracking(), bt.ratePerSec(), bt.payloadSize(),
                delivered, seconds, throughput, ratio(throughput, baseline == null ? Double.NaN : baseline.twoHops()),
                ratio(throughput, baseline == null ? Double.NaN : baseline.oneHop()), latency(latency),
                samples == 0 ? 0 : inFlightSum / (double) samples, inFlightMax, queuedMax,
                orchAfter.errors() - orchBefore.errors() + satErrors, orchAfter.timeouts() - orchBefore.timeouts(),
                orchAfter.retries() - orchBefore.retries(), orchAfter.dead() - orchBefore.dead(), unacked,
                (end.cpuNanos() - start.cpuNanos()) / (double) (end.atNanos() - start.atNanos()),
                allocated < 0 || delivered == 0 ? -1 : allocated / delivered, heapMax,
                end.gcCount() - start.gcCount(), end.gcMs() - start.gcMs(), sats);
        }
    }

    private static double ratio(final double value, final double ceiling) {
        return Double.isNaN(ceiling) || ceiling <= 0 ? Double.NaN : value / ceiling;
    }

    static VariantResult.Latency latency(final Histogram h) {
        return new VariantResult.Latency(h.getTotalCount(), h.getValueAtPercentile(50), h.getValueAtPercentile(90),
            h.getValueAtPercentile(99), h.getValueAtPercentile(99.9), h.getMaxValue());
    }

    /** Messages handled by the sinks so far. */
    private static long delivered(final BenchRun run) {
        long n = 0;
        for (final SatelliteSpec spec : run.topology().satellites().values()) {
            if (spec.sendTo() == null && spec.publish().isEmpty()) {
                for (final SatelliteRuntime r : run.runtimes(spec.name())) {
                    n += r.stats().handled();
                }
            }
        }
        return n;
    }

    /** Per satellite: handled, sent, errors, unacked, summed over its instances. */
    private static Map<String, long[]> counters(final BenchRun run) {
        final Map<String, long[]> m = new LinkedHashMap<>();
        for (final SatelliteSpec spec : run.topology().satellites().values()) {
            final long[] c = new long[4];
            for (final SatelliteRuntime r : run.runtimes(spec.name())) {
                final SatelliteStats s = r.stats();
                c[0] += s.handled();
                c[1] += s.sent();
                c[2] += s.errors();
                c[3] += s.lost();
            }
            m.put(spec.name(), c);
        }
        return m;
    }
}
