package io.satbus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Snapshot;
import com.codahale.metrics.Timer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.satbus.core.topology.Topology;
import io.satbus.core.topology.TopologyLoader;
import io.satbus.testing.Sampling;
import io.satbus.tracker.report.DashboardGenerator;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The generated dashboard in a real Graphite: a real carbon-cache and graphite-web
 * ({@link GraphiteWeb}), a run reporting to carbon every second, {@code satbus dashboard
 * --graphite URL} saving the dashboard into graphite-web, and then, for every target of every
 * graph, graphite-web's render API: each target resolves to its one series under its alias with
 * data points, and the series under it holds the numbers the run's metric registry held when they
 * were reported. The run has failures and dead letters (a sink refusing its first writes, with
 * {@code max_retries: 1}), so the failure graphs are not all zeros. Then a real headless Chromium
 * opens the dashboard in graphite-web's own page and every graph is drawn; the screenshot is
 * docs/images/graphite-dashboard.png.
 */
class GraphiteDashboardIT {
    private static final int COUNT = 1_200;
    private static final int FAILING = 5;
    private static final Pattern PATH = Pattern.compile("satbus\\.[A-Za-z0-9_.-]+");
    private static final Pattern ALIAS = Pattern.compile(",'([^']*)'\\)$");
    /** How long after the run drained the registry is read and compared with what Graphite holds. */
    private static final Duration WATCH = Duration.ofSeconds(12);
    /**
     * How often the registry is read during {@link #WATCH}: a sampling cadence, not a wait for a
     * condition. Readings every 100 ms on both sides of each report (one a second) bracket the
     * value the reporter read.
     */
    private static final Duration SAMPLE = Duration.ofMillis(100);
    /** A Graphite point is compared with the registry's readings this close to its time. */
    private static final long NEAR_MS = 2_500;
    private static final int RENDER_SECONDS = 600;
    /** Points newer than this may still be on their way to the whisper files while the run reports. */
    private static final int SETTLED_S = 3;

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void everyTargetOfEveryGraphRendersTheRegistrysNumbersAndTheDashboardDraws() throws Exception {
        DeadLetterBurstIT.jarOf(FlakySink.class, dir.resolve("flaky.jar"));
        Files.createFile(dir.resolve("fail-now"));
        try (GraphiteWeb graphite = GraphiteWeb.start(dir.resolve("graphite"))) {
            final Path file = dir.resolve("graphed.yaml");
            Files.writeString(file, "name: graphed\n" + TestTopologies.orchesterOnFreePorts()
                + "tracker: { " + TestTopologies.TIMEOUT_SLACK + ", metrics: { graphite: \"127.0.0.1:"
                + graphite.carbonPort() + "\", interval: 1s, http: \"127.0.0.1:0\" } }\n"
                + "satellites:\n"
                + "  gen:   { type: generator, send_to: upper, config: { count: " + COUNT + ", rate: 100 } }\n"
                + "  upper: { type: transformer, instances: 2, send_to: out, config: { op: upper } }\n"
                + "  out:   { class: " + FlakySink.class.getName() + ", classpath: flaky.jar, max_retries: 1,\n"
                + "           config: { path: out/sink.txt, fail_after: fail-now, fail_count: " + FAILING + " } }\n");
            final Topology t = TopologyLoader.load(file);
            final StringWriter out = new StringWriter();
            final StringWriter err = new StringWriter();
            final CommandLine cl = Satbus.commandLine();
            cl.setOut(new PrintWriter(out, true));
            cl.setErr(new PrintWriter(err, true));
            assertEquals(0, cl.execute("dashboard", file.toString(), "--graphite", graphite.url()), err::toString);
            assertTrue(out.toString().contains("dashboard satbus-graphed saved"), out::toString);
            final JsonNode saved = graphite.getJson("dashboard/load/satbus-graphed").path("state");
            assertEquals(new ObjectMapper().readTree(DashboardGenerator.json(t)), saved,
                "graphite-web keeps the dashboard as generated");

            final Map<String, List<double[]>> readings = new LinkedHashMap<>();
            final Set<String> paths = new LinkedHashSet<>();
            final List<String> targets = new ArrayList<>();
            for (final DashboardGenerator.Graph g : DashboardGenerator.graphs(t)) {
                for (final String target : g.targets()) {
                    targets.add(target);
                    final Matcher m = PATH.matcher(target);
                    assertTrue(m.find(), () -> "a metric path in " + target);
                    paths.add(m.group());
                }
            }
            final long startedMs = System.currentTimeMillis();
            final long endedMs;
            try (InProcessRun run = InProcessRun.start(t, dir)) {
                assertTrue(run.awaitDrained(System.currentTimeMillis() + 120_000, System::currentTimeMillis),
                    () -> "did not drain: " + run.snapshot(0));
                final MetricRegistry registry = run.orchester().tracker().registry();
                final long watchStart = System.currentTimeMillis();
                final long end = watchStart + WATCH.toMillis();
                Sampling.every(SAMPLE, WATCH, () -> {
                    run.tick(System.currentTimeMillis());
                    final long now = System.currentTimeMillis();
                    for (final String path : paths) {
                        final Double v = registryValue(registry, path);
                        if (v != null) {
                            readings.computeIfAbsent(path, p -> new ArrayList<>()).add(new double[] {now, v});
                        }
                    }
                });
                for (final String path : paths) {
                    assertTrue(readings.containsKey(path), () -> path + " : not in the registry (expected: every"
                        + " target's metric is one satbus reports)");
                }
                final Map<String, Double> last = new HashMap<>();
                readings.forEach((p, r) -> last.put(p, r.get(r.size() - 1)[1]));
                assertTrue(last.get("satbus.graphed.out.dead.count") >= FAILING, () -> "dead letters made: " + last);
                assertEquals((double) COUNT, last.get("satbus.graphed.run.generated"), "the run's figures: " + last);

                for (final String path : paths) {
                    compare(graphite, path, readings.get(path), watchStart + NEAR_MS, end - NEAR_MS);
                }
                endedMs = System.currentTimeMillis();
                final long untilS = endedMs / 1000;
                for (final String target : targets) {
                    rendersItsSeries(graphite, target, untilS - RENDER_SECONDS, untilS);
                }
            }
            try (HeadlessChromium browser = HeadlessChromium.open(dir.resolve("chromium"),
                graphite.url() + "dashboard/satbus-graphed?from=" + local(startedMs - 60_000) + "&until="
                    + local(endedMs + 60_000),
                1640, 1300)) {
                final int graphs = DashboardGenerator.graphs(t).size();
                final String drawn = "(() => { const imgs = [...document.images].filter(i => i.src.includes('/render?'));"
                    + " return imgs.length === " + graphs + " && imgs.every(i => i.complete && i.naturalWidth > 100"
                    + " && i.naturalHeight > 100); })()";
                browser.waitFor("all " + graphs + " graphs drawn by graphite-web in its dashboard page", drawn,
                    Duration.ofSeconds(90));
                final JsonNode titles = browser.evaluate("[...document.images].filter(i => i.src.includes('/render?'))"
                    + ".map(i => new URL(i.src).searchParams.get('title'))");
                final List<String> expected = new ArrayList<>();
                DashboardGenerator.graphs(t).forEach(g -> expected.add(g.title()));
                final List<String> shown = new ArrayList<>();
                titles.forEach(x -> shown.add(x.asText()));
                assertEquals(expected, shown, "graphite-web's page draws every graph, in order");
                // The page reloads its graphs every 10 s (the dashboard's auto-refresh): a picture
                // taken during a reload is taken again.
                for (int attempt = 0; attempt < 5; attempt++) {
                    browser.waitFor("every graph drawn again", drawn, Duration.ofSeconds(60));
                    browser.screenshot(Docs.image("graphite-dashboard.png"));
                    if (browser.evaluate(drawn).asBoolean()) {
                        break;
                    }
                }
            }
        }
    }

    /**
     * Graphite's points for {@code path} between {@code fromMs} and {@code toMs} each lie within
     * what the registry read in the seconds around it (so a number that did not move must be equal;
     * timers are sent in ms with two decimals; the heap, moved by every allocation, within half to
     * one and a half times those readings).
     */
    private static void compare(final GraphiteWeb graphite, final String path, final List<double[]> readings,
                                final long fromMs, final long toMs) throws Exception {
        final JsonNode series = graphite.render(path, RENDER_SECONDS);
        assertEquals(1, series.size(), () -> path + " : " + series.size() + " series in graphite (expected: 1)");
        int compared = 0;
        for (final JsonNode point : series.get(0).path("datapoints")) {
            final long atMs = point.get(1).asLong() * 1000;
            if (point.get(0).isNull() || atMs < fromMs || atMs > toMs) {
                continue;
            }
            final double v = point.get(0).asDouble();
            double min = Double.MAX_VALUE;
            double max = -Double.MAX_VALUE;
            for (final double[] r : readings) {
                if (Math.abs(r[0] - atMs) <= NEAR_MS + 1000) {
                    min = Math.min(min, r[1]);
                    max = Math.max(max, r[1]);
                }
            }
            final boolean heap = path.contains(".jvm.memory.heap.");
            final double slack = path.matches(".*\\.latency\\.p\\d+$") ? 0.006 : 0;
            final boolean within = heap ? v >= min * 0.5 && v <= max * 1.5 : v >= min - slack && v <= max + slack;
            final double lo = min;
            final double hi = max;
            assertTrue(within, () -> path + " : " + v + " in graphite at " + atMs + " (expected: the registry's "
                + lo + " .. " + hi + " of those seconds)");
            compared++;
        }
        assertTrue(compared > 0, () -> path + " : no point in graphite between " + fromMs + " and " + toMs + ": " + series);
    }

    /**
     * The target as the dashboard asks for it: one series under its alias, with data points that
     * are those of its metric's series (compared above with the registry), or for a rate the
     * per-second change between its consecutive points.
     */
    private static void rendersItsSeries(final GraphiteWeb graphite, final String target, final long fromS,
                                         final long untilS) throws Exception {
        final JsonNode series = graphite.render(target, fromS, untilS);
        assertEquals(1, series.size(), () -> target + " : " + series + " (expected: one series)");
        final Matcher alias = ALIAS.matcher(target);
        assertTrue(alias.find(), target);
        assertEquals(alias.group(1), series.get(0).path("target").asText(), "the series is named by its alias");
        final JsonNode shown = series.get(0).path("datapoints");
        final JsonNode raw = graphite.render(pathOf(target), fromS, untilS).get(0).path("datapoints");
        assertEquals(raw.size(), shown.size(), () -> target + " : as many points as " + pathOf(target));
        final boolean rate = target.startsWith("alias(perSecond(");
        int compared = 0;
        for (int i = 1; i < raw.size(); i++) {
            final JsonNode now = raw.get(i).get(0);
            final JsonNode before = raw.get(i - 1).get(0);
            final Double expected;
            if (!rate) {
                expected = now.isNull() ? null : now.asDouble();
            } else if (now.isNull() || before.isNull() || now.asDouble() < before.asDouble()) {
                expected = null;
            } else {
                expected = (now.asDouble() - before.asDouble())
                    / (raw.get(i).get(1).asLong() - raw.get(i - 1).get(1).asLong());
            }
            if (expected == null || raw.get(i).get(1).asLong() > untilS - SETTLED_S) {
                continue;
            }
            final int at = i;
            assertFalse(shown.get(i).get(0).isNull(), () -> target + " : no point at " + raw.get(at).get(1)
                + " where " + pathOf(target) + " has " + now);
            assertEquals(expected, shown.get(i).get(0).asDouble(), 1e-6, () -> target + " at " + raw.get(at).get(1));
            compared++;
        }
        final int points = compared;
        assertTrue(points > 0, () -> target + " : no data point: " + series);
    }

    /**
     * A time as graphite-web's dashboard page takes it in its address, {@code 2026-01-31T12:00:00},
     * local time; the page keeps only its minute, so the test asks a minute either side of the run.
     */
    private static String local(final long epochMs) {
        return LocalDateTime.ofInstant(Instant.ofEpochMilli(epochMs), ZoneId.systemDefault()).truncatedTo(ChronoUnit.SECONDS)
            .format(DateTimeFormatter.ISO_LOCAL_DATE_TIME);
    }

    private static String pathOf(final String target) {
        final Matcher m = PATH.matcher(target);
        m.find();
        return m.group();
    }

    /** What the registry holds under the Graphite path Dropwizard's reporter writes it to, or null. */
    @SuppressWarnings("rawtypes")
    private static Double registryValue(final MetricRegistry registry, final String path) {
        final Gauge gauge = registry.getGauges().get(path);
        if (gauge != null) {
            return ((Number) gauge.getValue()).doubleValue();
        }
        final int dot = path.lastIndexOf('.');
        final String base = path.substring(0, dot);
        final String leaf = path.substring(dot + 1);
        final Counter counter = registry.getCounters().get(base);
        if (counter != null && "count".equals(leaf)) {
            return (double) counter.getCount();
        }
        final Timer timer = registry.getTimers().get(base);
        if (timer != null) {
            final Snapshot s = timer.getSnapshot();
            final double ns = switch (leaf) {
                case "p50" -> s.getMedian();
                case "p95" -> s.get95thPercentile();
                case "p99" -> s.get99thPercentile();
                case "p999" -> s.get999thPercentile();
                default -> throw new AssertionError(path + " : a timer field the test does not read");
            };
            return ns / 1_000_000.0;
        }
        return null;
    }
}
