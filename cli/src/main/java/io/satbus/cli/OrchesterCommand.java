package io.satbus.cli;

import io.satbus.core.Endpoints;
import io.satbus.core.topology.OrchesterSpec;
import io.satbus.core.topology.Topology;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code satbus orchester TOPOLOGY}: the orchester alone, on the topology's endpoints, so
 * that satellites and clients in other processes and languages can join it.
 */
@Command(name = "orchester", mixinStandardHelpOptions = true,
    description = "Run the orchester alone on the topology's endpoints until Ctrl-C.")
final class OrchesterCommand implements Callable<Integer> {
    @Mixin
    private final TopologyOption topology = new TopologyOption();

    @Mixin
    private final TrackingOptions tracking = new TrackingOptions();

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        final Topology t = tracking.apply(topology.load());
        final OrchesterSpec o = t.orchester();
        final StopSignal stop = StopSignal.install();
        try (OrchesterRole role = OrchesterRole.start(t, tracking.mode(), tracking.remote)) {
            spec.commandLine().getOut().printf("orchester of %s: services %s, publish to %s, subscribe at %s, tracker %s%n",
                t.name(), Endpoints.tcp(o.host(), o.servicePort()), Endpoints.tcp(o.host(), o.pubPort()),
                Endpoints.tcp(o.host(), o.subPort()), describe(role));
            spec.commandLine().getOut().flush();
            stop.await();
            spec.commandLine().getOut().println("orchester of " + t.name() + " stopping");
        }
        return 0;
    }

    private String describe(final OrchesterRole role) {
        if (role.tracker() != null) {
            return "in process";
        }
        return tracking.remote != null ? "at " + tracking.remote : "off";
    }
}
