package io.satbus.cli;

import io.satbus.tracker.report.DashboardGenerator;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code satbus dashboard TOPOLOGY}: a graphite-web dashboard of the topology's metrics, as JSON. */
@Command(name = "dashboard", mixinStandardHelpOptions = true,
    description = "Print (or write with --out) a graphite-web dashboard for the topology: throughput, latency"
        + " percentiles, in-flight, errors, timeouts and dead per satellite.")
final class DashboardCommand implements Callable<Integer> {
    @Mixin
    private final TopologyOption topology = new TopologyOption();

    @Option(names = "--out", paramLabel = "FILE", description = "Write the dashboard JSON to FILE instead of stdout.")
    private Path out;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        final String json = DashboardGenerator.json(topology.load());
        if (out == null) {
            spec.commandLine().getOut().println(json);
        } else {
            IoProblems.writeFile("--out", out, json + System.lineSeparator());
            spec.commandLine().getOut().println("satbus: dashboard written to " + out);
        }
        return 0;
    }
}
