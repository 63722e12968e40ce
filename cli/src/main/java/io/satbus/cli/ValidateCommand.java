package io.satbus.cli;

import io.satbus.core.topology.SatelliteSpec;
import io.satbus.core.topology.Topology;
import io.satbus.core.topology.TopologyLoader;
import io.satbus.satellites.runtime.BuiltinConfigCheck;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code satbus validate TOPOLOGY}: checks a topology file and prints every problem. */
@Command(name = "validate", mixinStandardHelpOptions = true,
    description = "Check a topology file, and that each satellite's class is in its jar and implements the API (without"
        + " running it); print every problem with file, line and column. Exit 0 when valid, 2 when not.")
final class ValidateCommand implements Callable<Integer> {
    @Mixin
    private final TopologyOption topology = new TopologyOption();

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        // Where the jars are: the class of every satellite of this host is looked up too, without running it.
        final Topology t = TopologyLoader.load(topology.file, BuiltinConfigCheck.WITH_CLASSES);
        int instances = 0;
        for (SatelliteSpec s : t.satellites().values()) {
            instances += s.instances();
        }
        spec.commandLine().getOut().printf("%s: topology %s is valid: %d satellites, %d instances%n",
            topology.file, t.name(), t.satellites().size(), instances);
        return 0;
    }
}
