package io.satbus.satellites.firehose;

import java.net.URI;
import java.util.Map;

/**
 * One polled resource as configured. Immutable.
 *
 * @param name           label in logs and message headers ({@code resource}): the config's
 *                       {@code name}, else the URL
 * @param url            first page's URL (http or https)
 * @param pollIntervalMs wait between two polls; a server's {@code X-Poll-Interval} may raise it
 * @param headers        request headers sent with every request (Authorization included when
 *                       a token is configured)
 * @param pageLimit      most pages fetched per poll by following {@code Link: rel="next"}
 */
record ResourceSpec(String name, URI url, long pollIntervalMs, Map<String, String> headers, int pageLimit) {
    ResourceSpec {
        headers = Map.copyOf(headers);
    }
}
