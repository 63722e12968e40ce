package io.satbus.cli.bench;

import java.util.List;
import java.util.Locale;

/**
 * Draws a bench as one standalone SVG, no script, two panels side by side: on the left,
 * end-to-end throughput per variant with the raw JeroMQ ceilings of its payload size as dashed
 * marks (two hops red, one hop grey); on the right, the latency percentiles p50, p99 and p99.9 per
 * variant on a logarithmic scale, with raw JeroMQ's round trip through four hops of the same
 * payload size as dashed marks (its p50 grey, its p99 red). Stateless.
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
        final int panelWidth = Math.max(560, LEFT + SLOT * rs.size() + 40);
        final int width = 2 * panelWidth;
        final int height = TOP + PANEL + GAP;
        final StringBuilder s = new StringBuilder(8192);
        s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
            + "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">%n", width, height, width, height));
        s.append("<title>satbus bench ").append(esc(report.topology())).append("</title>\n");
        s.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        throughput(s, report, TOP, LEFT);
        latency(s, report, TOP, panelWidth + LEFT);
        return s.append("</svg>\n").toString();
    }

    private static void throughput(final StringBuilder s, final BenchReport report, final int top, final int left) {
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
        title(s, top, left, "Throughput (messages/s); dashed: raw JeroMQ two hops (red), one hop (grey)");
        axis(s, top, max, left, left + SLOT * rs.size());
        for (int i = 0; i < rs.size(); i++) {
            final VariantResult r = rs.get(i);
            final int x = left + i * SLOT + 20;
            final double h = PANEL * r.throughput() / max;
            s.append(String.format(Locale.ROOT, "<rect class=\"bar\" x=\"%d\" y=\"%.1f\" width=\"%d\" height=\"%.1f\" "
                + "fill=\"#4c78a8\"><title>%s: %.0f msg/s</title></rect>%n", x, top + PANEL - h, SLOT - 40, h,
                esc(r.label()), r.throughput()));
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"middle\">%s</text>%n",
                x + (SLOT - 40) / 2, top + PANEL - h - 4, compact(r.throughput())));
            final Baseline b = report.baselineOf(r);
            if (b != null) {
                mark(s, x - 8, SLOT - 24, top + PANEL - PANEL * b.twoHops() / max, "#e45756",
                    "raw JeroMQ two hops " + compact(b.twoHops()) + " msg/s");
                mark(s, x - 8, SLOT - 24, top + PANEL - PANEL * b.oneHop() / max, "#888888",
                    "raw JeroMQ one hop " + compact(b.oneHop()) + " msg/s");
            }
            label(s, x + (SLOT - 40) / 2, top + PANEL, r.label());
        }
    }

    private static void latency(final StringBuilder s, final BenchReport report, final int top, final int left) {
        final List<VariantResult> rs = report.results();
        long maxUs = 10;
        for (final VariantResult r : rs) {
            maxUs = Math.max(maxUs, r.latency().p999Us());
            final Baseline b = report.baselineOf(r);
            if (b != null) {
                maxUs = Math.max(maxUs, b.roundTrip().p99Us());
            }
        }
        final double decades = Math.max(1, Math.ceil(Math.log10(maxUs)) - 1);
        title(s, top, left, "Latency, emit to done (ms, log); dashed: raw JeroMQ round trip p50 (grey), p99 (red)");
        for (int d = 0; d <= decades; d++) {
            final double y = top + PANEL - PANEL * d / decades;
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>%n"
                + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n", left, left + SLOT * rs.size(), y, y,
                left - 6, y + 4, trim(Math.pow(10, d + 1) / 1000.0)));
        }
        for (int i = 0; i < rs.size(); i++) {
            final VariantResult.Latency l = rs.get(i).latency();
            final long[] values = {l.p50Us(), l.p99Us(), l.p999Us()};
            final int x = left + i * SLOT + 20;
            final int w = (SLOT - 40) / 3;
            for (int k = 0; k < 3; k++) {
                final double h = logHeight(values[k], decades);
                s.append(String.format(Locale.ROOT, "<rect class=\"bar\" x=\"%d\" y=\"%.1f\" width=\"%d\" height=\"%.1f\" "
                    + "fill=\"%s\"><title>%s %s: %s ms</title></rect>%n", x + k * w, top + PANEL - h, w - 2, h,
                    LATENCY_COLOURS[k], esc(rs.get(i).label()), LATENCY_NAMES[k], trim(values[k] / 1000.0)));
            }
            final Baseline b = report.baselineOf(rs.get(i));
            if (b != null) {
                final VariantResult.Latency rt = b.roundTrip();
                mark(s, x - 8, SLOT - 24, top + PANEL - logHeight(rt.p99Us(), decades), "#e45756",
                    "raw JeroMQ round trip p99 " + trim(rt.p99Us() / 1000.0) + " ms");
                mark(s, x - 8, SLOT - 24, top + PANEL - logHeight(rt.p50Us(), decades), "#888888",
                    "raw JeroMQ round trip p50 " + trim(rt.p50Us() / 1000.0) + " ms");
            }
            label(s, x + (SLOT - 40) / 2, top + PANEL, rs.get(i).label());
        }
        for (int k = 0; k < 3; k++) {
            s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/>"
                + "<text x=\"%d\" y=\"%d\">%s</text>%n", left + k * 70, top - 14, LATENCY_COLOURS[k], left + 14 + k * 70,
                top - 5, LATENCY_NAMES[k]));
        }
    }

    /** The height of {@code us} on the latency panel: decades above 10 us, capped at the panel. */
    private static double logHeight(final long us, final double decades) {
        return PANEL * Math.min(1, Math.max(0, Math.log10(Math.max(10, us)) - 1) / decades);
    }

    private static void title(final StringBuilder s, final int top, final int left, final String text) {
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"13\" font-weight=\"bold\">%s</text>%n",
            left - LEFT + 10, top - 22, esc(text)));
    }

    private static void axis(final StringBuilder s, final int top, final double max, final int left, final int right) {
        for (int i = 0; i <= 4; i++) {
            final double y = top + PANEL - PANEL * i / 4.0;
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>%n"
                + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n", left, right, y, y, left - 6, y + 4,
                compact(max * i / 4)));
        }
    }

    private static void mark(final StringBuilder s, final int x, final int w, final double y, final String colour,
                             final String what) {
        s.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
            + "stroke-width=\"2\" stroke-dasharray=\"6,3\"><title>%s</title></line>%n", x, x + w, y, y, colour,
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
