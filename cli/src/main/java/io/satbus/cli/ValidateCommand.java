package io.satbus.cli;

import io.satbus.core.topology.SatelliteSpec;
import io.satbus.core.topology.Topology;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code satbus validate TOPOLOGY}: checks a topology file and prints every problem. */
@Command(name = "validate", mixinStandardHelpOptions = true,
    description = "Check a topology file; print every problem with file, line and column. Exit 0 when valid, 2 when not.")
final class ValidateCommand implements Callable<Integer> {
    @Mixin
    private final TopologyOption topology = new TopologyOption();

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        final Topology t = topology.load();
        int instances = 0;
        for (SatelliteSpec s : t.satellites().values()) {
            instances += s.instances();
        }
        spec.commandLine().getOut().printf("%s: topology %s is valid: %d satellites, %d instances%n",
            topology.file, t.name(), t.satellites().size(), instances);
        return 0;
    }
}
