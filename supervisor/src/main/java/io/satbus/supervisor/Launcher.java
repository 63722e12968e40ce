package io.satbus.supervisor;

import io.satbus.core.topology.SatelliteSpec;
import io.satbus.core.topology.Topology;
import java.io.IOException;

/**
 * Starts the children a {@link Supervisor} keeps: as processes ({@link ChildLauncher}), or as a
 * test's stand-ins. Called on the supervisor's loop thread.
 */
interface Launcher {
    /**
     * Starts instance {@code instance} of Java satellite {@code satellite}, or the orchester when
     * {@code satellite} is null; {@code label} names it in logs ({@code upper.1}, {@code orchester}).
     */
    Child start(String satellite, int instance, String label) throws IOException;

    /** Starts instance {@code instance} of command satellite {@code spec} (a program in any language). */
    Child startCommand(Topology topology, SatelliteSpec spec, int instance, String label) throws IOException;
}
