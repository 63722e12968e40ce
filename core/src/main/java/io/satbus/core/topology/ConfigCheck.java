package io.satbus.core.topology;

import java.nio.file.Path;
import java.util.List;

/**
 * Checks the {@code config} section of a satellite whose keys the topology schema does not know
 * (they belong to the satellite's type), so that {@link TopologyLoader} reports them with the
 * rest of the file's problems, at their line and column, before anything starts. The
 * satellites room provides the check of the built-in types.
 */
@FunctionalInterface
public interface ConfigCheck {
    /** Checks nothing. */
    ConfigCheck NONE = (spec, baseDir) -> List.of();

    /**
     * The problems of {@code spec}'s config, in the order found; empty when it is fine or when
     * this check does not know its type.
     *
     * @param baseDir the topology file's folder (for relative paths), or null for text not read from a file
     */
    List<ConfigProblem> check(SatelliteSpec spec, Path baseDir);
}
