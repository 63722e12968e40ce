package io.satbus.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.satbus.core.Endpoints;
import io.satbus.core.topology.SatelliteSpec;
import io.satbus.core.topology.Topology;
import io.satbus.core.topology.TopologyLoader;
import io.satbus.satellites.runtime.BuiltinConfigCheck;
import io.satbus.supervisor.ControlService;
import io.satbus.supervisor.Supervisor;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code satbus scale SATELLITE N TOPOLOGY}: asks the supervisor that runs {@code SATELLITE}
 * (the one of its host) for {@code N} instances; others keep running. New instances start at
 * once; removed ones (the highest numbers) drain and stop.
 */
@Command(name = "scale", mixinStandardHelpOptions = true,
    description = "Ask a running 'satbus run' for N instances of a satellite, without stopping the others.")
final class ScaleCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SATELLITE", description = "The satellite to scale.")
    private String satellite;

    @Parameters(index = "1", paramLabel = "N", description = "Instances wanted, 0.." + SatelliteSpec.MAX_INSTANCES + ".")
    private int instances;

    @Parameters(index = "2", paramLabel = "TOPOLOGY", description = "Topology file of the run.")
    private Path file;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "PT3S", converter = DurationConverter.class,
        description = "How long to wait for an answer. Default: 3s.")
    private Duration timeout;

    @Mixin
    private final KeyOption keys = new KeyOption();

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        final Topology t = TopologyLoader.load(file, BuiltinConfigCheck.INSTANCE);
        final SatelliteSpec s = t.satellite(satellite);
        if (instances < 0 || instances > SatelliteSpec.MAX_INSTANCES) {
            throw new IllegalArgumentException("N : " + instances + " (expected: 0.." + SatelliteSpec.MAX_INSTANCES + ")");
        }
        final String host = s.host() == null ? Supervisor.MAIN_HOST : s.host();
        final String target = Endpoints.tcp(t.orchester().host(), t.orchester().servicePort());
        try (AdminClient client = new AdminClient(target, keys.curve(t))) {
            final Optional<String> reply = client.ask(ControlService.service(host), "scale " + satellite + " " + instances,
                timeout);
            if (reply.isEmpty()) {
                spec.commandLine().getErr().printf("satbus: no answer from the supervisor of host %s via %s within %d ms"
                    + " (is 'satbus run%s' running?)%n", host, target, timeout.toMillis(),
                    Supervisor.MAIN_HOST.equals(host) ? "" : " --host " + host);
                return 1;
            }
            final JsonNode answer = new ObjectMapper().readTree(reply.get());
            if (answer.has("error")) {
                spec.commandLine().getErr().println("satbus: " + answer.get("error").asText());
                return Satbus.EXIT_BAD_INPUT;
            }
            spec.commandLine().getOut().println("satbus: " + answer.path("ok").asText());
            return 0;
        }
    }
}
