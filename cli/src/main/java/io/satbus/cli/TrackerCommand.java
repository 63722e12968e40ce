package io.satbus.cli;

import io.satbus.core.topology.Topology;
import io.satbus.tracker.Tracker;
import io.satbus.tracker.TrackerConfig;
import io.satbus.tracker.TrackerProcess;
import io.satbus.tracker.report.MetricsReporting;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code satbus tracker TOPOLOGY}: the tracker in a process of its own; the orchester joins it
 * with {@code satbus orchester TOPOLOGY --tracker tcp://HOST:PORT}.
 */
@Command(name = "tracker", mixinStandardHelpOptions = true,
    description = "Run the tracker alone over TCP until Ctrl-C; start the orchester with --tracker to use it.")
final class TrackerCommand implements Callable<Integer> {
    @Mixin
    private final TopologyOption topology = new TopologyOption();

    @Option(names = "--endpoint", paramLabel = "tcp://HOST:PORT", converter = EndpointConverter.class,
        description = "Where to listen. Default: the orchester's host, port " + TrackerProcess.DEFAULT_PORT + ".")
    private String endpoint;

    @Option(names = "--http", paramLabel = "HOST:PORT|off",
        description = "Where the local HTTP view of the metrics listens (port 0: any free port), or off."
            + " Default: the topology's tracker.metrics.http, else 127.0.0.1 on the orchester's service_port + 4"
            + " (5674 with the default ports).")
    private String http;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        final TrackingOptions options = new TrackingOptions();
        options.http = http;
        final Topology t = options.apply(topology.load());
        final String at = endpoint != null ? endpoint : TrackerProcess.defaultEndpoint(t.orchester().host());
        final StopSignal stop = StopSignal.install();
        try (Tracker tracker = Tracker.start(TrackerConfig.from(t), at);
             MetricsReporting metrics = MetricsReporting.forRegistry(tracker.registry()).role("tracker")
                 .deadLetters(() -> tracker.status().recentDead()).start(t)) {
            spec.commandLine().getOut().printf("tracker of %s listening on %s%n", t.name(), tracker.endpoint());
            spec.commandLine().getOut().flush();
            stop.await();
        }
        return 0;
    }
}
