package io.satbus.satellites.api;

import io.satbus.core.envelope.Envelope;

/**
 * A satellite: business logic the runtime drives. One object serves one instance; the runtime
 * calls {@link #open}, then {@link #onMessage} for every message, then {@link #close}, all on
 * the instance's runtime thread.
 *
 * <p>Messages arrive from two places: service requests (when the satellite works for a
 * service) and topic messages (when it subscribes). A request is acknowledged when
 * {@code onMessage} returns; its reply carries what the satellite gave to
 * {@link Output#reply}, or nothing. Throwing from {@code onMessage} fails the attempt: the
 * orchester retries the request elsewhere, up to the service's retry limit. For a topic
 * message, throwing is counted and logged, nothing else.
 */
public interface Satellite {
    /**
     * Prepares the satellite: read and check its configuration, open files. Throwing here
     * stops the instance before it connects; configuration errors should say which key is wrong
     * (see {@link SatelliteConfig#invalid}).
     */
    default void open(final SatelliteContext context) throws Exception {
    }

    /**
     * Handles one message.
     *
     * @param message the request or topic message; its payload array is the satellite's to keep
     * @param out     where results go; valid on this thread during this call only
     */
    void onMessage(Envelope message, Output out) throws Exception;

    /** Releases what {@link #open} took. Called once, also after a failed or killed run. */
    default void close() throws Exception {
    }
}
