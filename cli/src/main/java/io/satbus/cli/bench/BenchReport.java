package io.satbus.cli.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A whole bench: where and how it ran, the baselines and every variant's result; writes them as
 * {@code results.json}, {@code results.csv} (one row per variant), {@code report.svg} and
 * {@code report.html} into a folder. Immutable.
 */
record BenchReport(String topology, String startedAt, String command, Machine machine, BenchSettings settings,
                   Map<Integer, Baseline> baselines, List<VariantResult> results) {
    static final String JSON = "results.json";
    static final String CSV = "results.csv";
    static final String SVG = "report.svg";
    static final String HTML = "report.html";
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    void writeAll(final Path dir) throws IOException {
        Files.createDirectories(dir);
        MAPPER.writeValue(dir.resolve(JSON).toFile(), json());
        Files.writeString(dir.resolve(CSV), csv(), StandardCharsets.UTF_8);
        final String svg = SvgChart.render(this);
        Files.writeString(dir.resolve(SVG), svg, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve(HTML), HtmlReport.render(this, svg), StandardCharsets.UTF_8);
    }

    ObjectNode json() {
        final ObjectNode root = MAPPER.createObjectNode();
        root.put("topology", topology).put("started_at", startedAt).put("command", command);
        root.putObject("machine").put("cores", machine.cores()).put("cpu", machine.cpu()).put("jdk", machine.jdk())
            .put("os", machine.os());
        root.putObject("settings").put("warmup_ms", settings.warmupMs()).put("duration_ms", settings.durationMs())
            .put("messages", settings.messages()).put("rate", settings.rate()).put("payload_size", settings.payloadSize())
            .put("baseline_ms", settings.baselineMs());
        final var bs = root.putArray("baselines");
        baselines.values().forEach(b -> {
            final ObjectNode o = bs.addObject().put("payload_size", b.payloadSize())
                .put("one_hop_msgs_per_s", round(b.oneHop())).put("two_hops_msgs_per_s", round(b.twoHops()));
            final VariantResult.Latency l = b.roundTrip();
            latency(o.putObject("four_hop_round_trip_us"), l);
            latency(o.putObject("back_to_back_round_trip_us"), b.backToBack());
            latency(o.putObject("orchester_back_to_back_round_trip_us"), b.orchesterBackToBack());
            putRatio(o, "orchester_p99_to_raw", b.orchesterP99Ratio());
        });
        final var vs = root.putArray("variants");
        for (final VariantResult r : results) {
            final ObjectNode v = vs.addObject();
            v.put("label", r.label());
            final ObjectNode params = v.putObject("params");
            r.params().forEach(params::put);
            v.put("tracking", r.tracking()).put("target_rate", r.targetRate()).put("payload_size", r.payloadSize())
                .put("delivered", r.delivered()).put("seconds", round(r.seconds()))
                .put("throughput_msgs_per_s", round(r.throughput()));
            putRatio(v, "ratio_to_two_hops", r.ratioTwoHops());
            putRatio(v, "ratio_to_one_hop", r.ratioOneHop());
            final VariantResult.Latency l = r.latency();
            latency(v.putObject("latency_us"), l);
            v.put("in_flight_mean", round(r.inFlightMean())).put("in_flight_max", r.inFlightMax())
                .put("queued_max", r.queuedMax()).put("errors", r.errors()).put("timeouts", r.timeouts())
                .put("retries", r.retries()).put("dead", r.dead()).put("unacked", r.unacked())
                .put("cpu_cores", round(r.cpuCores())).put("allocated_bytes_per_message", r.bytesPerMessage())
                .put("heap_max_bytes", r.heapMaxBytes()).put("gc_count", r.gcCount()).put("gc_ms", r.gcMs());
            final var sats = v.putArray("satellites");
            r.satellites().forEach(s -> sats.addObject().put("name", s.name()).put("instances", s.instances())
                .put("handled", s.handled()).put("sent", s.sent()).put("errors", s.errors()).put("unacked", s.unacked())
                .put("per_second", round(s.perSecond())));
        }
        return root;
    }

    String csv() {
        final StringBuilder b = new StringBuilder("variant,tracking,target_rate,payload_size,delivered,seconds,"
            + "throughput_msgs_per_s,ratio_to_two_hops,ratio_to_one_hop,p50_us,p90_us,p99_us,p99_9_us,max_us,"
            + "in_flight_mean,in_flight_max,queued_max,errors,timeouts,retries,dead,unacked,cpu_cores,"
            + "allocated_bytes_per_message,heap_max_bytes,gc_count,gc_ms\n");
        for (final VariantResult r : results) {
            final VariantResult.Latency l = r.latency();
            b.append('"').append(r.label().replace("\"", "\"\"")).append('"');
            for (final Object o : new Object[] {r.tracking(), fmt(r.targetRate()), r.payloadSize(), r.delivered(),
                fmt(r.seconds()), fmt(r.throughput()), fmt(r.ratioTwoHops()), fmt(r.ratioOneHop()), l.p50Us(), l.p90Us(),
                l.p99Us(), l.p999Us(), l.maxUs(), fmt(r.inFlightMean()), r.inFlightMax(), r.queuedMax(), r.errors(),
                r.timeouts(), r.retries(), r.dead(), r.unacked(), fmt(r.cpuCores()), r.bytesPerMessage(),
                r.heapMaxBytes(), r.gcCount(), r.gcMs()}) {
                b.append(',').append(o);
            }
            b.append('\n');
        }
        return b.toString();
    }

    /** The baseline of {@code r}'s payload size, or null when baselines were skipped. */
    Baseline baselineOf(final VariantResult r) {
        return baselines.get(r.payloadSize());
    }

    private static void latency(final ObjectNode o, final VariantResult.Latency l) {
        o.put("count", l.count()).put("p50", l.p50Us()).put("p90", l.p90Us()).put("p99", l.p99Us())
            .put("p99_9", l.p999Us()).put("max", l.maxUs());
    }

    private static void putRatio(final ObjectNode v, final String name, final double ratio) {
        if (Double.isNaN(ratio)) {
            v.putNull(name);
        } else {
            v.put(name, Math.round(ratio * 10_000) / 10_000.0);
        }
    }

    private static double round(final double d) {
        return Math.round(d * 100) / 100.0;
    }

    private static String fmt(final double d) {
        return Double.isNaN(d) ? "" : String.format(Locale.ROOT, "%.4f", d);
    }
}
