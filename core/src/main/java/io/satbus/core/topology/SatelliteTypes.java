package io.satbus.core.topology;

import java.util.Set;

/** Names of the built-in satellite types a topology may use as {@code type}. */
public final class SatelliteTypes {
    public static final String GENERATOR = "generator";
    public static final String TRANSFORMER = "transformer";
    public static final String SINK = "sink";
    /** Polls HTTP resources (a rate-limited JSON API) and sends each page on. */
    public static final String FETCHER = "fetcher";
    /** Splits pages of JSON events into one message per event. */
    public static final String PARSER = "parser";
    /** Writes events to JSON Lines files, stdout and topics, once per event id. */
    public static final String PUBLISHER = "publisher";
    /** Serves GitHub-shaped events over HTTP on 127.0.0.1, for offline demos and tests. */
    public static final String FEED = "feed";

    /** Types that only emit: they do not register as workers unless they name a service. */
    public static final Set<String> SOURCES = Set.of(GENERATOR, FETCHER, FEED);

    public static final Set<String> BUILT_IN = Set.of(GENERATOR, TRANSFORMER, SINK, FETCHER, PARSER, PUBLISHER, FEED);

    private SatelliteTypes() {
    }
}
