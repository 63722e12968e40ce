package io.satbus.satellites.firehose;

import io.satbus.satellites.api.SatelliteConfig;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fetcher's configuration, read and checked once at open. A resource is either one map of
 * the {@code resources} list or, without the list, the top-level {@code url}; the per-resource
 * keys ({@code poll_interval}, {@code headers}, {@code page_limit}, {@code token_env}) given at
 * the top level are defaults for every resource. {@code caFile} is null when TLS trusts the
 * JDK's default trust store. Immutable.
 */
record FetcherSettings(List<ResourceSpec> resources, long connectTimeoutMs, long requestTimeoutMs,
                       long backoffInitialMs, long backoffMaxMs, int stopAfterIdlePolls, int maxPageBytes,
                       CaFile caFile) {
    static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(60);
    static final int DEFAULT_PAGE_LIMIT = 10;
    static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
    static final Duration DEFAULT_BACKOFF_INITIAL = Duration.ofSeconds(1);
    static final Duration DEFAULT_BACKOFF_MAX = Duration.ofSeconds(60);
    static final int DEFAULT_STOP_AFTER_IDLE_POLLS = 0;
    static final long DEFAULT_MAX_PAGE_BYTES = 10L << 20;
    static final String DEFAULT_USER_AGENT = "satbus-fetcher";
    static final String DEFAULT_ACCEPT = "application/json";
    static final String CA_FILE_EXPECTED = "a PEM file of one or more certificates (" + CaFile.BEGIN
        + "), relative to the topology file's folder";

    private static final Logger LOG = LoggerFactory.getLogger(FetcherSettings.class);

    /**
     * Reads {@code config}; {@code env} looks up environment variables (tokens), {@code baseDir}
     * (the topology file's folder) resolves {@code ca_file}.
     */
    static FetcherSettings from(final SatelliteConfig config, final Function<String, String> env, final Path baseDir) {
        final List<SatelliteConfig> sections = config.sections("resources");
        if (sections.isEmpty() && !config.has("url")) {
            throw config.invalid("resources", null, "a list of resources, each with a url (or a top-level url)");
        }
        if (!sections.isEmpty() && config.has("url")) {
            throw config.invalid("url", config.string("url", null), "either url or resources, not both");
        }
        final List<ResourceSpec> resources = new ArrayList<>();
        for (SatelliteConfig section : sections.isEmpty() ? List.of(config) : sections) {
            resources.add(resource(section, config, env));
        }
        final long backoffInitial = positive(config, "backoff_initial", DEFAULT_BACKOFF_INITIAL);
        final long backoffMax = positive(config, "backoff_max", DEFAULT_BACKOFF_MAX);
        if (backoffMax < backoffInitial) {
            throw config.invalid("backoff_max", backoffMax + "ms", "a duration >= backoff_initial (" + backoffInitial + "ms)");
        }
        final int idlePolls = config.integer("stop_after_idle_polls", DEFAULT_STOP_AFTER_IDLE_POLLS);
        if (idlePolls < 0) {
            throw config.invalid("stop_after_idle_polls", idlePolls, "polls >= 0, 0 for never");
        }
        final long maxPage = config.bytes("max_page_bytes", DEFAULT_MAX_PAGE_BYTES);
        if (maxPage < 1 || maxPage > Integer.MAX_VALUE) {
            throw config.invalid("max_page_bytes", maxPage, "a size of 1B..2GiB");
        }
        return new FetcherSettings(List.copyOf(resources), positive(config, "connect_timeout", DEFAULT_CONNECT_TIMEOUT),
            positive(config, "request_timeout", DEFAULT_REQUEST_TIMEOUT), backoffInitial, backoffMax, idlePolls,
            (int) maxPage, caFile(config, baseDir));
    }

    /** The certificates of {@code ca_file}, or null without it; a file that is no use is a configuration error. */
    private static CaFile caFile(final SatelliteConfig config, final Path baseDir) {
        final String given = config.string("ca_file", null);
        if (given == null) {
            return null;
        }
        final Path path;
        try {
            path = baseDir.resolve(given).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw config.invalid("ca_file", given, CA_FILE_EXPECTED + " (" + e.getReason() + ")");
        }
        try {
            return CaFile.read(path);
        } catch (IOException e) {
            throw new IllegalArgumentException(config.where("ca_file") + " : \"" + given + "\" at " + path + ": "
                + e.getMessage() + " (expected: " + CA_FILE_EXPECTED + ")", e);
        }
    }

    private static ResourceSpec resource(final SatelliteConfig r, final SatelliteConfig top,
                                         final Function<String, String> env) {
        final String text = r.string("url", null);
        if (text == null) {
            throw r.invalid("url", null, "an http:// or https:// URL");
        }
        final URI url;
        try {
            url = new URI(text.trim());
        } catch (URISyntaxException e) {
            throw r.invalid("url", text, "an http:// or https:// URL (" + e.getMessage() + ")");
        }
        final String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || url.getHost() == null) {
            throw r.invalid("url", text, "an http:// or https:// URL with a host");
        }
        final long poll = r.duration("poll_interval", top.duration("poll_interval", DEFAULT_POLL_INTERVAL)).toMillis();
        final int pageLimit = r.integer("page_limit", top.integer("page_limit", DEFAULT_PAGE_LIMIT));
        if (pageLimit < 1) {
            throw r.invalid("page_limit", pageLimit, "pages per poll >= 1");
        }
        final Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Accept", DEFAULT_ACCEPT);
        headers.put("User-Agent", top.string("user_agent", DEFAULT_USER_AGENT));
        headers.putAll(top.strings("headers", Map.of()));
        headers.putAll(r.strings("headers", Map.of()));
        for (String name : headers.keySet()) {
            if (name.equalsIgnoreCase("authorization")) {
                throw r.invalid("headers." + name, "...", "no credentials in the topology: name an environment"
                    + " variable in token_env");
            }
        }
        final String tokenEnv = r.string("token_env", top.string("token_env", null));
        final String name = r.string("name", url.toString());
        if (tokenEnv != null) {
            final String token = env.apply(tokenEnv);
            if (token == null || token.isBlank()) {
                LOG.warn("{} : environment variable {} (token_env) is not set; polling {} without Authorization",
                    r.where("token_env"), tokenEnv, name);
            } else {
                headers.put("Authorization", "Bearer " + token.trim());
            }
        }
        return new ResourceSpec(name, url, poll, headers, pageLimit);
    }

    private static long positive(final SatelliteConfig config, final String key, final Duration defaultValue) {
        final long ms = config.duration(key, defaultValue).toMillis();
        if (ms < 1) {
            throw config.invalid(key, config.string(key, null), "a duration > 0");
        }
        return ms;
    }
}
