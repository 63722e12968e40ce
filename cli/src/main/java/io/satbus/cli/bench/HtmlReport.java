package io.satbus.cli.bench;

import java.util.Locale;

/**
 * {@code report.html}: one self-contained page (no script, no link outside it) with the machine,
 * the settings, the charts inline as SVG (throughput and latency side by side, each with the raw
 * JeroMQ ceilings), a table per variant of its figures beside the raw ceilings of its payload
 * size, and the comparison table as the command printed it. Stateless.
 */
final class HtmlReport {
    private HtmlReport() {
    }

    static String render(final BenchReport r, final String svg) {
        final StringBuilder b = new StringBuilder(16_384);
        b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>satbus bench ")
            .append(SvgChart.esc(r.topology())).append("</title>\n<style>body{font-family:sans-serif;margin:2em}"
                + "pre{background:#f6f6f6;padding:1em;overflow-x:auto}table{border-collapse:collapse;margin:1em 0}"
                + "th,td{padding:4px 10px;border-bottom:1px solid #ddd;text-align:right}th:first-child,td:first-child"
                + "{text-align:left}th{font-size:12px;color:#555}td.raw{color:#777}</style></head><body>\n");
        b.append("<h1>satbus bench: ").append(SvgChart.esc(r.topology())).append("</h1>\n<p>")
            .append(SvgChart.esc(r.startedAt())).append(" &middot; <code>").append(SvgChart.esc(r.command()))
            .append("</code></p>\n");
        b.append(String.format(Locale.ROOT, "<p>%d cores, %s; %s; %s</p>%n", r.machine().cores(),
            SvgChart.esc(r.machine().cpu()), SvgChart.esc(r.machine().jdk()), SvgChart.esc(r.machine().os())));
        b.append(String.format(Locale.ROOT, "<p>warm-up %d ms, measured %s, rate %s, payload %d bytes; ratios are to "
                + "raw JeroMQ measured in the same run.</p>%n", r.settings().warmupMs(),
            r.settings().messages() > 0 ? r.settings().messages() + " messages" : r.settings().durationMs() + " ms",
            SvgChart.esc(r.settings().rate()), r.settings().payloadSize()));
        b.append(svg).append('\n');
        table(b, r);
        b.append("<details><summary>The comparison table as printed</summary><pre>")
            .append(SvgChart.esc(ComparisonTable.render(r))).append("</pre></details>\n");
        b.append("<p>Also: <a href=\"").append(BenchReport.JSON).append("\">").append(BenchReport.JSON)
            .append("</a>, <a href=\"").append(BenchReport.CSV).append("\">").append(BenchReport.CSV)
            .append("</a>.</p>\n</body></html>\n");
        return b.toString();
    }

    /** One row per variant, each followed by the raw JeroMQ figures of its payload size. */
    private static void table(final StringBuilder b, final BenchReport r) {
        b.append("<table class=\"variants\"><thead><tr><th>variant</th><th>messages/s</th><th>&times; raw 2 hops</th>"
            + "<th>&times; raw 1 hop</th><th>p50 ms</th><th>p99 ms</th><th>p99.9 ms</th><th>errors</th><th>timeouts</th>"
            + "<th>retries</th><th>dead</th><th>CPU cores</th></tr></thead><tbody>\n");
        for (final VariantResult v : r.results()) {
            final VariantResult.Latency l = v.latency();
            b.append(String.format(Locale.ROOT, "<tr class=\"variant\"><td>%s</td><td>%.0f</td><td>%s</td><td>%s</td>"
                    + "<td>%s</td><td>%s</td><td>%s</td><td>%d</td><td>%d</td><td>%d</td><td>%d</td><td>%.2f</td></tr>%n",
                SvgChart.esc(v.label()), v.throughput(), ratio(v.ratioTwoHops()), ratio(v.ratioOneHop()), ms(l.p50Us()),
                ms(l.p99Us()), ms(l.p999Us()), v.errors(), v.timeouts(), v.retries(), v.dead(), v.cpuCores()));
            final Baseline raw = r.baselineOf(v);
            if (raw != null) {
                final VariantResult.Latency rt = raw.roundTrip();
                b.append(String.format(Locale.ROOT, "<tr class=\"raw\"><td class=\"raw\">raw JeroMQ, %d-byte payload</td>"
                        + "<td class=\"raw\">%.0f (2 hops)<br>%.0f (1 hop)</td><td class=\"raw\">1</td><td class=\"raw\">1</td>"
                        + "<td class=\"raw\">%s</td><td class=\"raw\">%s</td><td class=\"raw\">%s</td>"
                        + "<td class=\"raw\" colspan=\"5\">round trip through 4 hops, one at a time</td></tr>%n",
                    raw.payloadSize(), raw.twoHops(), raw.oneHop(), ms(rt.p50Us()), ms(rt.p99Us()), ms(rt.p999Us())));
            }
        }
        b.append("</tbody></table>\n");
    }

    private static String ratio(final double r) {
        return Double.isNaN(r) ? "-" : String.format(Locale.ROOT, "%.3f", r);
    }

    private static String ms(final long us) {
        return String.format(Locale.ROOT, "%.2f", us / 1000.0);
    }
}
