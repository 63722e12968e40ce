package io.satbus.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.satbus.core.Endpoints;
import io.satbus.core.topology.Topology;
import io.satbus.core.topology.TopologyLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code satbus status}: asks a running orchester's admin service and prints what it says. */
@Command(name = "status", mixinStandardHelpOptions = true,
    description = "Ask a running orchester for its status (services, workers, queue depths, counters).")
final class StatusCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "TOPOLOGY",
        description = "Topology file whose orchester to ask (or use --endpoint).")
    private Path file;

    @Option(names = "--endpoint", paramLabel = "tcp://HOST:PORT", description = "The orchester's service endpoint.")
    private String endpoint;

    @Option(names = "--json", description = "Print the raw JSON document.")
    private boolean json;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "PT3S", converter = DurationConverter.class,
        description = "How long to wait for an answer. Default: 3s.")
    private Duration timeout;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        final String target = target();
        try (AdminClient client = new AdminClient(target)) {
            final Optional<String> reply = client.ask("status", timeout);
            if (reply.isEmpty()) {
                spec.commandLine().getErr().printf("satbus: no answer from %s within %d ms (is the orchester running?)%n",
                    target, timeout.toMillis());
                return 1;
            }
            final String text = json ? reply.get()
                : new ObjectMapper().readTree(reply.get()).toPrettyString();
            spec.commandLine().getOut().println(text);
            return 0;
        }
    }

    private String target() throws Exception {
        if (endpoint != null) {
            return endpoint;
        }
        if (file == null) {
            throw new ParameterException(spec.commandLine(), "Missing TOPOLOGY or --endpoint (expected: one of them)");
        }
        final Topology t = TopologyLoader.load(file);
        return Endpoints.tcp(t.orchester().host(), t.orchester().servicePort());
    }
}
