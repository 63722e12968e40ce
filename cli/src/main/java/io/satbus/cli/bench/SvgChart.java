package io.satbus.cli.bench;

import java.util.List;
import java.util.Locale;

/**
 * Draws a bench as one standalone SVG, no script: on top, end-to-end throughput per variant with
 * the raw JeroMQ ceilings of its payload size as dashed marks (two hops red, one hop grey); below,
 * the latency percentiles p50, p99 and p99.9 per variant on a logarithmic scale. Stateless.
 */
final class SvgChart {
    private static final int SLOT = 140;
    private static final int LEFT = 80;
    private static final int PANEL = 260;
    private static final int TOP = 40;
    private static final int GAP = 110;
    private static final String[] LATENCY_COLOURS = {"#4c78a8", "#f58518", "#e45756"};
    private static final String[] LATENCY_NAMES = {"p50", "p99", "p99.9"};

    private SvgChart() {
    }

    static String render(final BenchReport report) {
        final List<VariantResult> rs = report.results();
        final int width = Math.max(640, LEFT + SLOT * rs.size() + 40);
        final int height = TOP + 2 * PANEL + 2 * GAP;
        final StringBuilder s = new StringBuilder(8192);
        s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
            + "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">%n", width, height, width, height));
        s.append("<title>satbus bench ").append(esc(report.topology())).append("</title>\n");
        s.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        throughput(s, report, TOP);
        latency(s, rs, TOP + PANEL + GAP);
        return s.append("</svg>\n").toString();
    }

    private static void throughput(final StringBuilder s, final BenchReport report, final int top) {
        final List<VariantResult> rs = report.results();
        double max = 1;
        for (final VariantResult r : rs) {
            max = Math.max(max, r.throughput());
            final Baseline b = report.baselineOf(r);
            if (b != null) {
                max = Math.max(max, Math.max(b.oneHop(), b.twoHops()));
            }
        }
        max = niceCeiling(max);
        title(s, top, "End-to-end throughput (messages/s); dashed: raw JeroMQ two hops (red), one hop (grey)");
        axis(s, top, max, LEFT + SLOT * rs.size());
        for (int i = 0; i < rs.size(); i++) {
            final VariantResult r = rs.get(i);
            final int x = LEFT + i * SLOT + 20;
            final double h = PANEL * r.throughput() / max;
            s.append(String.format(Locale.ROOT, "<rect class=\"bar\" x=\"%d\" y=\"%.1f\" width=\"%d\" height=\"%.1f\" "
                + "fill=\"#4c78a8\"><title>%s: %.0f msg/s</title></rect>%n", x, top + PANEL - h, SLOT - 40, h,
                esc(r.label()), r.throughput()));
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"middle\">%s</text>%n",
                x + (SLOT - 40) / 2, top + PANEL - h - 4, compact(r.throughput())));
            final Baseline b = report.baselineOf(r);
            if (b != null) {
                mark(s, x - 8, SLOT - 24, top + PANEL - PANEL * b.twoHops() / max, "#e45756", "two hops " + compact(b.twoHops()));
                mark(s, x - 8, SLOT - 24, top + PANEL - PANEL * b.oneHop() / max, "#888888", "one hop " + compact(b.oneHop()));
            }
            label(s, x + (SLOT - 40) / 2, top + PANEL, r.label());
        }
    }

    private static void latency(final StringBuilder s, final List<VariantResult> rs, final int top) {
        long maxUs = 10;
        for (final VariantResult r : rs) {
            maxUs = Math.max(maxUs, r.latency().p999Us());
        }
        final double decades = Math.max(1, Math.ceil(Math.log10(maxUs)) - 1);
        title(s, top, "End-to-end latency, generator emit to sink done (ms, log scale): p50, p99, p99.9");
        for (int d = 0; d <= decades; d++) {
            final double y = top + PANEL - PANEL * d / decades;
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>%n"
                + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n", LEFT, LEFT + SLOT * rs.size(), y, y,
                LEFT - 6, y + 4, trim(Math.pow(10, d + 1) / 1000.0)));
        }
        for (int i = 0; i < rs.size(); i++) {
            final VariantResult.Latency l = rs.get(i).latency();
            final long[] values = {l.p50Us(), l.p99Us(), l.p999Us()};
            final int x = LEFT + i * SLOT + 20;
            final int w = (SLOT - 40) / 3;
            for (int k = 0; k < 3; k++) {
                final double logV = Math.max(0, Math.log10(Math.max(10, values[k])) - 1);
                final double h = PANEL * Math.min(1, logV / decades);
                s.append(String.format(Locale.ROOT, "<rect class=\"bar\" x=\"%d\" y=\"%.1f\" width=\"%d\" height=\"%.1f\" "
                    + "fill=\"%s\"><title>%s %s: %s ms</title></rect>%n", x + k * w, top + PANEL - h, w - 2, h,
                    LATENCY_COLOURS[k], esc(rs.get(i).label()), LATENCY_NAMES[k], trim(values[k] / 1000.0)));
            }
            label(s, x + (SLOT - 40) / 2, top + PANEL, rs.get(i).label());
        }
        for (int k = 0; k < 3; k++) {
            s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/>"
                + "<text x=\"%d\" y=\"%d\">%s</text>%n", LEFT + k * 70, top - 14, LATENCY_COLOURS[k], LEFT + 14 + k * 70,
                top - 5, LATENCY_NAMES[k]));
        }
    }

    private static void title(final StringBuilder s, final int top, final String text) {
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"14\" font-weight=\"bold\">%s</text>%n",
            LEFT, top - 22, esc(text)));
    }

    private static void axis(final StringBuilder s, final int top, final double max, final int right) {
        for (int i = 0; i <= 4; i++) {
            final double y = top + PANEL - PANEL * i / 4.0;
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>%n"
                + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n", LEFT, right, y, y, LEFT - 6, y + 4,
                compact(max * i / 4)));
        }
    }

    private static void mark(final StringBuilder s, final int x, final int w, final double y, final String colour,
                             final String what) {
        s.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
            + "stroke-width=\"2\" stroke-dasharray=\"6,3\"><title>%s msg/s</title></line>%n", x, x + w, y, y, colour,
            esc(what)));
    }

    private static void label(final StringBuilder s, final int x, final int y, final String text) {
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" transform=\"rotate(-30 %d %d)\">"
            + "%s</text>%n", x, y + 16, x, y + 16, esc(text.length() > 40 ? text.substring(0, 39) + "…" : text)));
    }

    private static double niceCeiling(final double v) {
        final double p = Math.pow(10, Math.floor(Math.log10(v)));
        for (final double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (m * p >= v) {
                return m * p;
            }
        }
        return 10 * p;
    }

    static String compact(final double v) {
        if (v >= 1e6) {
            return String.format(Locale.ROOT, "%.2fM", v / 1e6);
        }
        return v >= 1e3 ? String.format(Locale.ROOT, "%.1fk", v / 1e3) : String.format(Locale.ROOT, "%.0f", v);
    }

    private static String trim(final double ms) {
        return ms >= 10 ? String.format(Locale.ROOT, "%.0f", ms) : String.format(Locale.ROOT, "%.2f", ms);
    }

    static String esc(final String t) {
        return t.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
