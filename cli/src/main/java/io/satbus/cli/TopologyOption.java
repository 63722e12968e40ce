package io.satbus.cli;

import io.satbus.core.topology.Topology;
import io.satbus.core.topology.TopologyException;
import io.satbus.core.topology.TopologyLoader;
import io.satbus.satellites.runtime.BuiltinConfigCheck;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Parameters;

/** The TOPOLOGY argument shared by the commands that read a topology file. */
final class TopologyOption {
    @Parameters(index = "0", paramLabel = "TOPOLOGY", description = "Topology file (YAML).")
    Path file;

    Topology load() throws IOException, TopologyException {
        return TopologyLoader.load(file, BuiltinConfigCheck.INSTANCE);
    }

    /** Folder that relative paths in the topology are resolved against. */
    Path baseDir() {
        final Path parent = file.toAbsolutePath().getParent();
        return parent == null ? Path.of(".").toAbsolutePath() : parent;
    }
}
