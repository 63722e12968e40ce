package io.satbus.satellites.api;

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

    /** How the satellite is wired: its service, {@code send_to} and topics. */
    Wiring wiring();

    /** The satellite's {@code config} section, typed. */
    SatelliteConfig config();

    /** Folder of the topology file: relative paths in the configuration are resolved against it. */
    Path baseDir();

    /** Content type of messages made by {@link Output#send(byte[])} and {@link Output#publish(byte[])}. */
    String contentType();

    /** True once the runtime has been asked to stop: sources should finish what they are doing. */
    boolean stopping();

    /**
     * How many messages this instance created before it was restarted whose custody has passed
     * on, in the order they were created: where a source that can produce its messages again
     * (the generator) should start. The runtime then gives the messages it produces from there
     * the ids they had before, so that receivers recognise repeats. 0 on a first start and
     * without a state directory ({@code satbus run} gives every satellite process one).
     * Valid from {@code open()} on.
     */
    default long resumePosition() {
        return 0;
    }
}
