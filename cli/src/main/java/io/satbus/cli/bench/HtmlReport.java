package io.satbus.cli.bench;

import java.util.Locale;

/**
 * {@code report.html}: one self-contained page (no script, no link outside it) with the machine,
 * the settings, the chart inline as SVG and the comparison table. Stateless.
 */
final class HtmlReport {
    private HtmlReport() {
    }

    static String render(final BenchReport r, final String svg) {
        final StringBuilder b = new StringBuilder(16_384);
        b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>satbus bench ")
            .append(SvgChart.esc(r.topology())).append("</title>\n<style>body{font-family:sans-serif;margin:2em}"
                + "pre{background:#f6f6f6;padding:1em;overflow-x:auto}</style></head><body>\n");
        b.append("<h1>satbus bench: ").append(SvgChart.esc(r.topology())).append("</h1>\n<p>")
            .append(SvgChart.esc(r.startedAt())).append(" &middot; <code>").append(SvgChart.esc(r.command()))
            .append("</code></p>\n");
        b.append(String.format(Locale.ROOT, "<p>%d cores, %s; %s; %s</p>%n", r.machine().cores(),
            SvgChart.esc(r.machine().cpu()), SvgChart.esc(r.machine().jdk()), SvgChart.esc(r.machine().os())));
        b.append(String.format(Locale.ROOT, "<p>warm-up %d ms, measured %s, rate %s, payload %d bytes; ratios are to "
                + "raw JeroMQ measured in the same run.</p>%n", r.settings().warmupMs(),
            r.settings().messages() > 0 ? r.settings().messages() + " messages" : r.settings().durationMs() + " ms",
            SvgChart.esc(r.settings().rate()), r.settings().payloadSize()));
        b.append(svg).append("\n<pre>").append(SvgChart.esc(ComparisonTable.render(r))).append("</pre>\n");
        b.append("<p>Also: <a href=\"").append(BenchReport.JSON).append("\">").append(BenchReport.JSON)
            .append("</a>, <a href=\"").append(BenchReport.CSV).append("\">").append(BenchReport.CSV)
            .append("</a>.</p>\n</body></html>\n");
        return b.toString();
    }
}
