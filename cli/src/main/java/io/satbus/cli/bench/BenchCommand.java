package io.satbus.cli.bench;

import io.satbus.cli.DurationConverter;
import io.satbus.cli.IoProblems;
import io.satbus.core.topology.Topology;
import io.satbus.core.topology.TopologyLoader;
import io.satbus.satellites.runtime.BuiltinConfigCheck;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code satbus bench TOPOLOGY}: measures the raw JeroMQ ceilings, then each variant in turn, and
 * prints one comparison table; writes JSON, CSV, SVG and HTML reports under {@code --out}.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = {"Measure a topology in this process: throughput, end-to-end latency, in-flight, failures, CPU and "
        + "memory, per variant (--vary), as ratios of raw JeroMQ measured in the same run.",
        "The topology's generators are made endless at --rate with --payload-size; its orchester runs on free ports."})
public final class BenchCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "TOPOLOGY", description = "Topology file (YAML) with at least one generator.")
    private Path file;

    @Option(names = "--warmup", paramLabel = "DURATION", defaultValue = "10s", converter = DurationConverter.class,
        description = "Run this long before measuring each variant; on 2 cores the JIT is still compiling and "
            + "recompiling for about 10 s. Default: ${DEFAULT-VALUE}.")
    private Duration warmup;

    @Option(names = "--duration", paramLabel = "DURATION", defaultValue = "10s", converter = DurationConverter.class,
        description = "Measured period of each variant. Default: ${DEFAULT-VALUE}.")
    private Duration duration;

    @Option(names = "--messages", paramLabel = "N", defaultValue = "0",
        description = "Measure until N messages reached the sinks instead of for --duration.")
    private long messages;

    @Option(names = "--rate", paramLabel = "RATE", defaultValue = "max",
        description = "Generator rate: messages per second, max (flat out), or N%% of the first variant's throughput. "
            + "Default: ${DEFAULT-VALUE}.")
    private String rate;

    @Option(names = "--payload-size", paramLabel = "BYTES", defaultValue = "100",
        description = "Generator payload size. Default: ${DEFAULT-VALUE}.")
    private int payloadSize;

    @Option(names = "--vary", paramLabel = "KEY=V1,V2,...",
        description = "Run each value in turn (several --vary: every combination). Keys: " + BenchTopology.KEYS + ".")
    private List<String> vary = new ArrayList<>();

    @Option(names = "--baseline", paramLabel = "DURATION", defaultValue = "3s", converter = DurationConverter.class,
        description = "Measured period of each raw JeroMQ baseline (one hop, two hops); 0s to skip. Default: ${DEFAULT-VALUE}.")
    private Duration baseline;

    @Option(names = "--load", paramLabel = "CORES", defaultValue = "0",
        description = "Competing load: keep this many cores busy with processes of their own (a shell loop each, "
            + "ended with the bench) while measuring, to see how the bus holds up on a busy machine. Default: ${DEFAULT-VALUE}.")
    private int load;

    @Option(names = "--out", paramLabel = "DIR",
        description = "Results folder. Default: bench-results/<topology>-<timestamp>/.")
    private Path out;

    @Spec
    private CommandSpec spec;

    /** The bench's own lines are the output; the runtimes' INFO lines (start, close) would bury them. */
    static final String LOG_LEVEL_PROPERTY = "org.slf4j.simpleLogger.defaultLogLevel";

    @Override
    public Integer call() throws Exception {
        if (System.getProperty(LOG_LEVEL_PROPERTY) == null) {
            System.setProperty(LOG_LEVEL_PROPERTY, "warn");
        }
        final Topology topology = TopologyLoader.load(file, BuiltinConfigCheck.INSTANCE);
        final BenchSettings settings = new BenchSettings(warmup.toMillis(), duration.toMillis(), messages, rate,
            payloadSize, baseline.toMillis());
        final List<Variant> variants = Variant.expand(vary);
        final Path baseDir = file.toAbsolutePath().getParent();
        final LocalDateTime started = LocalDateTime.now();
        final Path dir = out != null ? out : Path.of("bench-results",
            topology.name() + "-" + started.format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        BenchTopology.of(topology, variants.get(0), settings, 0); // reports a bad key before anything runs
        IoProblems.createFolder("--out", dir); // and a results folder it cannot write, before minutes of measuring
        final PrintWriter stdout = spec.commandLine().getOut();
        final List<VariantResult> results = new ArrayList<>();
        final Map<Integer, Baseline> baselines = new TreeMap<>();
        final long baselinePhaseMs = 2 * (settings.baselineMs() + Math.max(200, settings.baselineMs() / 3));
        final long planned = variants.size() * (settings.warmupMs() + settings.durationMs() + baselinePhaseMs);
        if (load < 0 || load > Runtime.getRuntime().availableProcessors()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--load : " + load + " (expected: 0.."
                + Runtime.getRuntime().availableProcessors() + ", busy cores)");
        }
        try (CompetingLoad busy = CompetingLoad.start(load, planned);
             ProgressBar progress = new ProgressBar(System.err, System.console() != null, planned)) {
            final VariantBench bench = new VariantBench(settings, baseDir, progress);
            for (final Variant v : variants) {
                final double reference = results.isEmpty() ? Double.NaN : results.get(0).throughput();
                final BenchTopology bt = BenchTopology.of(topology, v, settings, reference);
                if (settings.baselineMs() > 0 && !baselines.containsKey(bt.payloadSize())) {
                    progress.phase("raw JeroMQ baselines, " + bt.payloadSize() + " bytes", baselinePhaseMs);
                    baselines.put(bt.payloadSize(), Baseline.measure(bt.payloadSize(), settings.baselineMs()));
                }
                results.add(bench.measure(v, bt, baselines.get(bt.payloadSize())));
            }
        }
        final BenchReport report = new BenchReport(topology.name(), started.toString(),
            "satbus bench " + String.join(" ", spec.commandLine().getParseResult().originalArgs()),
            Machine.current(), settings, baselines, results);
        report.writeAll(dir);
        stdout.print(ComparisonTable.render(report));
        stdout.println("satbus bench: results in " + dir.toAbsolutePath().normalize() + " (" + BenchReport.HTML + ", "
            + BenchReport.SVG + ", " + BenchReport.JSON + ", " + BenchReport.CSV + ")");
        stdout.flush();
        return 0;
    }
}
