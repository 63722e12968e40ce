package io.satbus.tracker;

import io.satbus.core.Endpoints;

/**
 * Where a tracker in a process of its own listens ({@code satbus tracker TOPOLOGY}): it binds
 * TCP with {@link Tracker#start(TrackerConfig, String)}, and the orchester then starts with
 * {@code Orchester.start(OrchesterConfig.from(topology), "tcp://HOST:PORT")}.
 */
public final class TrackerProcess {
    /** The port a tracker listens on unless told otherwise: the orchester's defaults are 5670..5672. */
    public static final int DEFAULT_PORT = 5673;

    private TrackerProcess() {
    }

    /** {@code tcp://HOST:5673}. */
    public static String defaultEndpoint(final String host) {
        return Endpoints.tcp(host, DEFAULT_PORT);
    }
}
