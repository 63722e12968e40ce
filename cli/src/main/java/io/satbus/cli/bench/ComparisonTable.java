package io.satbus.cli.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The comparison table printed at the end of a bench, one row per variant, columns aligned:
 * <pre>
 * variant          msg/s   x2hop  x1hop  p50ms  p90ms  p99ms p99.9ms  maxms  inflight  err  tmo  retry  cpu  B/msg
 * </pre>
 * followed by the baselines. Stateless.
 */
final class ComparisonTable {
    private static final String[] HEADER = {"variant", "msg/s", "x2hop", "x1hop", "p50ms", "p90ms", "p99ms", "p99.9ms",
        "maxms", "inflight", "err", "tmo", "retry", "dead", "cpu", "B/msg", "heapMB"};

    private ComparisonTable() {
    }

    static String render(final BenchReport report) {
        final List<String[]> rows = new ArrayList<>();
        rows.add(HEADER);
        for (final VariantResult r : report.results()) {
            final VariantResult.Latency l = r.latency();
            rows.add(new String[] {r.label(), String.format(Locale.ROOT, "%.0f", r.throughput()), ratio(r.ratioTwoHops()),
                ratio(r.ratioOneHop()), ms(l.p50Us()), ms(l.p90Us()), ms(l.p99Us()), ms(l.p999Us()), ms(l.maxUs()),
                String.format(Locale.ROOT, "%.0f", r.inFlightMean()), Long.toString(r.errors()),
                Long.toString(r.timeouts()), Long.toString(r.retries()), Long.toString(r.dead()),
                String.format(Locale.ROOT, "%.2f", r.cpuCores()), Long.toString(r.bytesPerMessage()),
                Long.toString(r.heapMaxBytes() >> 20)});
        }
        final int[] widths = new int[HEADER.length];
        for (final String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        final StringBuilder b = new StringBuilder();
        for (final String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                b.append(i == 0 ? String.format("%-" + widths[i] + "s", row[i])
                    : String.format("  %" + widths[i] + "s", row[i]));
            }
            b.append('\n');
        }
        for (final Baseline bl : report.baselines().values()) {
            b.append(String.format(Locale.ROOT, "raw JeroMQ, %d-byte payload, TCP loopback: one hop %.0f msg/s, "
                + "two hops via a proxy thread %.0f msg/s%n", bl.payloadSize(), bl.oneHop(), bl.twoHops()));
            final VariantResult.Latency rt = bl.roundTrip();
            b.append(String.format(Locale.ROOT, "raw JeroMQ round trip through 4 hops (proxy and echo), one at a time: "
                + "p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms%n", rt.p50Us() / 1000.0, rt.p99Us() / 1000.0,
                rt.p999Us() / 1000.0, rt.maxUs() / 1000.0));
            final VariantResult.Latency raw = bl.backToBack();
            final VariantResult.Latency orch = bl.orchesterBackToBack();
            b.append(String.format(Locale.ROOT, "one request at a time, back to back: raw JeroMQ via a proxy thread "
                + "p50 %.3f ms, p99 %.3f ms; MDP via the orchester p50 %.3f ms, p99 %.3f ms (p99 %.2fx raw)%n",
                raw.p50Us() / 1000.0, raw.p99Us() / 1000.0, orch.p50Us() / 1000.0, orch.p99Us() / 1000.0,
                bl.orchesterP99Ratio()));
        }
        return b.toString();
    }

    private static String ratio(final double r) {
        return Double.isNaN(r) ? "-" : String.format(Locale.ROOT, "%.3f", r);
    }

    private static String ms(final long us) {
        return String.format(Locale.ROOT, "%.2f", us / 1000.0);
    }
}
