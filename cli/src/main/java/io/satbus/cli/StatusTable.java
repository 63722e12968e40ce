package io.satbus.cli;

import io.satbus.orchester.OrchesterStatus;
import io.satbus.supervisor.SupervisorStatus;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Formats a run as a compact table: one row per satellite (instances up/wanted, messages and
 * rate, queued and in flight at the orchester, p99 latency, errors, timeouts, restarts), a
 * header line with the orchester's totals, and a last line with the run's accounting
 * ({@link io.satbus.supervisor.RunTotals}, worded as the final line of {@code satbus run}).
 * The live view of {@code satbus run} on a terminal, and {@code satbus status}.
 *
 * <pre>
 * hello 12.0s | queued 0 in-flight 3 retries 0 timeouts 0 | fd 153/20000
 * satellite  up/want   count   rate/s  queued  in-flt   p99ms  errors  t/outs  restarts
 * gen            1/1    6000      500       -       -       -       0       -         0
 * upper          2/2    5990      498       0       2     1.2       0       0         1
 * parser         2/3    4100      310     120       6     9.8       0       0         0  auto 1..4 load 2.10
 * failing: upper.1 restarted (1): exit 1: java.lang.OutOfMemoryError: Java heap space
 * run: generated 6000, delivered 4100, duplicates 0, dead 0, lost 0
 * </pre>
 * Each failing child ({@link Failing}) has a line of its own with its last error.
 * An autoscaled satellite's row ends with its range and last load (its up/want moves within
 * the range). The header ends with the orchester process's open and most file descriptors, when
 * it tells them. Rates are per second since the previous table; the first table shows none. Owned by the
 * thread that prints.
 */
final class StatusTable {
    private static final String ROW = "%-12s %7s %8s %8s %7s %7s %7s %7s %7s %9s%s";
    private final Map<String, Long> lastCount = new HashMap<>();
    private long lastElapsedMs = -1;

    String format(final RunSnapshot s) {
        final StringBuilder b = new StringBuilder(512);
        final OrchesterStatus o = s.orchester();
        b.append(s.topology()).append(' ').append(String.format(Locale.ROOT, "%.1fs", s.elapsedMs() / 1000.0))
            .append(" | queued ").append(o.queued()).append(" in-flight ").append(o.inFlight())
            .append(" retries ").append(o.totals().retries())
            .append(" timeouts ").append(o.totals().timeouts());
        if (o.descriptors().known()) {
            b.append(" | fd ").append(o.descriptors().open()).append('/').append(o.descriptors().max());
        }
        b.append('\n');
        if (o.pair() != null) {
            b.append(pairLine(o)).append('\n');
        }
        b.append(String.format(Locale.ROOT, ROW, "satellite", "up/want", "count", "rate/s", "queued", "in-flt", "p99ms",
            "errors", "t/outs", "restarts", "")).append('\n');
        final long intervalMs = lastElapsedMs < 0 ? 0 : s.elapsedMs() - lastElapsedMs;
        for (SatelliteTotals t : s.satellites()) {
            final long count = t.source() ? t.sent() : t.handled();
            final Long before = lastCount.put(t.name(), count);
            final String rate = before == null || intervalMs <= 0 ? "-" : Long.toString((count - before) * 1000 / intervalMs);
            final OrchesterStatus.ServiceStatus svc = t.service() == null ? null : o.service(t.service());
            b.append(String.format(Locale.ROOT, ROW, t.name(), t.up() + "/" + t.wanted(), count, rate,
                svc == null ? "-" : Integer.toString(svc.queueDepth()),
                svc == null ? "-" : Integer.toString(svc.inFlight()),
                t.p99Ms() == null ? "-" : String.format(Locale.ROOT, "%.1f", t.p99Ms()),
                t.errors(), svc == null ? "-" : Long.toString(svc.counters().timeouts()), t.restarts(),
                note(t))).append('\n');
        }
        for (Failing f : s.failing()) {
            b.append("failing: ").append(f.describe()).append('\n');
        }
        b.append("run: ").append(s.totals().describe()).append('\n');
        lastElapsedMs = s.elapsedMs();
        return b.toString();
    }

    /**
     * One orchester of a pair: {@code orchester primary: active since 2026-12-03T10:56:41Z, failovers 0;
     * its peer tcp://...: passive, heard 120 ms ago}.
     */
    static String pairLine(final OrchesterStatus o) {
        final OrchesterStatus.PairStatus p = o.pair();
        return "orchester " + p.role() + ": " + p.state() + " since "
            + java.time.Instant.ofEpochMilli(p.sinceMs()).truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
            + ", failovers " + p.failovers() + "; its peer " + p.peer() + ": "
            + (p.peerState() == null ? "never heard (" + p.peerSilentMs() + " ms)"
            : p.peerState() + ", heard " + p.peerSilentMs() + " ms ago");
    }

    private static String note(final SatelliteTotals t) {
        final StringBuilder n = new StringBuilder();
        if (t.flapping() > 0) {
            n.append("  FLAPPING ").append(t.flapping());
        }
        if (t.source() && t.done()) {
            n.append("  done");
        }
        if (t.autoscale() != null) {
            final SupervisorStatus.AutoscaleStatus a = t.autoscale();
            n.append("  auto ").append(a.min()).append("..").append(a.max()).append(" load ")
                .append(a.load() == null ? "-" : String.format(Locale.ROOT, "%.2f", a.load()));
        }
        return n.toString();
    }
}
