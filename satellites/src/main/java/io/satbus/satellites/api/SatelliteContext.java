package io.satbus.satellites.api;

import io.satbus.core.topology.SatelliteSpec;
import java.nio.file.Path;

/**
 * What a satellite instance knows about itself. Immutable except {@link #stopping()}.
 * Thread-safe.
 */
public interface SatelliteContext {
    /** Satellite name in the topology. */
    String name();

    /** Instance number, 0-based. */
    int instance();

    /** Topology name. */
    String topology();

    /** The satellite's entry in the topology: wiring ({@code send_to}, topics) and settings. */
    SatelliteSpec spec();

    /** The satellite's {@code config} section, typed. */
    SatelliteConfig config();

    /** Folder of the topology file: relative paths in the configuration are resolved against it. */
    Path baseDir();

    /** Content type of messages made by {@link Output#send(byte[])} and {@link Output#publish(byte[])}. */
    String contentType();

    /** True once the runtime has been asked to stop: sources should finish what they are doing. */
    boolean stopping();
}
