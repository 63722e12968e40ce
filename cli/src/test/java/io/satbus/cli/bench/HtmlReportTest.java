package io.satbus.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The bench's page: throughput and latency charts side by side, each with the raw JeroMQ ceilings, and a table. */
class HtmlReportTest {
    private static final Pattern BAR_X = Pattern.compile("<rect class=\"bar\" x=\"(\\d+)\"");

    private static VariantResult variant(final String label, final double throughput, final long p50Us, final long p99Us) {
        return new VariantResult(label, Map.of(), true, 0, 100, 10_000, 10, throughput, throughput / 200_000,
            throughput / 400_000, new VariantResult.Latency(10_000, p50Us, p50Us * 2, p99Us, p99Us * 2, p99Us * 3), 5, 9, 0,
            1, 2, 3, 4, 0, 1.5, 300, 64L << 20, 3, 12, List.of());
    }

    private static BenchReport report() {
        return new BenchReport("bench-topology", "2026-01-31T12:00:00Z", "satbus bench t.yaml --vary tracker=on,off",
            new Machine(2, "a cpu", "17", "linux"), new BenchSettings(1000, 5000, 0, "max", 100, 1000),
            Map.of(100, new Baseline(100, 400_000, 200_000, new VariantResult.Latency(1000, 80, 90, 150, 300, 400),
                new VariantResult.Latency(1000, 60, 70, 120, 200, 300), new VariantResult.Latency(1000, 90, 110, 200, 400, 500))),
            List.of(variant("tracker=on", 50_000, 900, 4_000), variant("tracker=off", 80_000, 600, 2_500)));
    }

    @Test
    void drawsThroughputAndLatencySideBySideEachWithTheRawCeilings() {
        final String svg = SvgChart.render(report());
        final Matcher width = Pattern.compile("width=\"(\\d+)\" height=\"(\\d+)\"").matcher(svg);
        assertTrue(width.find(), svg);
        final int w = Integer.parseInt(width.group(1));
        assertTrue(w > Integer.parseInt(width.group(2)), "wider than tall: two panels in a row: " + width.group());
        final Matcher bars = BAR_X.matcher(svg);
        int left = 0;
        int right = 0;
        while (bars.find()) {
            if (Integer.parseInt(bars.group(1)) < w / 2) {
                left++;
            } else {
                right++;
            }
        }
        assertEquals(2, left, "a throughput bar per variant on the left");
        assertEquals(6, right, "p50, p99 and p99.9 per variant on the right");
        for (final String mark : List.of("raw JeroMQ two hops 200.0k msg/s", "raw JeroMQ one hop 400.0k msg/s",
            "raw JeroMQ round trip p50 0.08 ms", "raw JeroMQ round trip p99 0.15 ms")) {
            assertEquals(2, svg.split(Pattern.quote("<title>" + mark + "</title>"), -1).length - 1,
                mark + " beside each variant: " + svg);
        }
    }

    @Test
    void tabulatesEachVariantBesideTheRawFiguresOfItsPayloadSize() {
        final String html = HtmlReport.render(report(), SvgChart.render(report()));
        assertTrue(html.contains("<tr class=\"variant\"><td>tracker=on</td><td>50000</td><td>0.250</td><td>0.125</td>"
            + "<td>0.90</td><td>4.00</td><td>8.00</td>"), html);
        assertEquals(2, html.split("<tr class=\"raw\">", -1).length - 1, "raw JeroMQ under each variant: " + html);
        assertTrue(html.contains("<td class=\"raw\">200000 (2 hops)<br>400000 (1 hop)</td>"), html);
        assertTrue(html.contains("<svg") && html.contains("<details>"), html);
        assertTrue(!html.contains("<script") && !html.contains("src=") && !html.contains("href=\"http"),
            "self-contained: nothing fetched");
    }
}
