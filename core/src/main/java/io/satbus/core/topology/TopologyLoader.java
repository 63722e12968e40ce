package io.satbus.core.topology;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Reads a topology file (YAML) and validates it whole. TO BE IMPLEMENTED.
 */
public final class TopologyLoader {
    private TopologyLoader() {
    }

    /** Loads and validates {@code file}; every problem found is in the exception. */
    public static Topology load(final Path file) throws IOException, TopologyException {
        throw new UnsupportedOperationException("not yet");
    }

    /** Loads and validates YAML text; {@code sourceName} names it in messages. */
    public static Topology parse(final String yaml, final String sourceName) throws TopologyException {
        throw new UnsupportedOperationException("not yet");
    }
}
