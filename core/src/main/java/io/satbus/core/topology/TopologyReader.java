package io.satbus.core.topology;

import io.satbus.core.topology.YamlNode.Mapping;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a topology's {@link YamlNode} tree against the schema (docs/topology.md): the top
 * level, {@code orchester} and {@code tracker} here, {@code satellites} in
 * {@link SatelliteReader}. Unset keys take the {@code DEFAULT_*} of the records. Every problem
 * goes to {@link Problems}; reading goes on past each one. Owned by the loading thread.
 */
final class TopologyReader {
    /** Topology and satellite names: they appear in metric names. */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]+");

    static final List<String> KEYS = List.of("name", "orchester", "tracker", "satellites", "supervisor", "custody",
        "security");
    static final List<String> ORCHESTER_KEYS = List.of("host", "service_port", "pub_port", "sub_port",
        "heartbeat_interval", "heartbeat_liveness", "max_message_size", "max_queued_bytes", "max_service_bytes",
        "max_peer_bytes", "backup");
    static final List<String> TRACKER_KEYS = List.of("timeout", "max_retries", "retry_backoff", "dead_letter", "metrics",
        "queue_timeout");
    /** The orchester's byte bounds, each checked against max_message_size. */
    private static final String[] BYTE_BOUND_KEYS = {"max_queued_bytes", "max_service_bytes", "max_peer_bytes"};
    static final List<String> METRICS_KEYS = List.of("graphite", "interval", "http", "max_connections", "idle_timeout");
    static final List<String> SUPERVISOR_KEYS = List.of("quick_restarts", "restart_backoff", "max_backoff",
        "max_restarts", "window");

    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._:-]+");
    private static final String EXPECTED_HOST = "a host name or IP address";
    private static final Pattern GRAPHITE = Pattern.compile("\\[?([A-Za-z0-9._:-]+?)]?:(\\d{1,5})");
    private static final Pattern HTTP = Pattern.compile("off|" + GRAPHITE.pattern());
    private static final String EXPECTED_GRAPHITE = "host:port such as 127.0.0.1:2003";
    private static final String EXPECTED_HTTP = "host:port such as 127.0.0.1:5674 (port 0: any free port), or off";
    private static final Pattern TOPIC = Pattern.compile("\\S+");
    private static final String[] PORT_KEYS = {"service_port", "pub_port", "sub_port"};

    private final Problems problems;
    private final Fields fields;
    private final SatelliteReader satelliteReader;
    private final ConfigCheck configCheck;
    private final Path baseDir;

    TopologyReader(final Problems problems, final Path baseDir, final ConfigCheck configCheck) {
        this.problems = problems;
        this.baseDir = baseDir;
        this.configCheck = configCheck;
        this.fields = new Fields(problems);
        this.satelliteReader = new SatelliteReader(fields, problems, baseDir);
    }

    /** The topology of {@code root}, best effort: only meaningful when no problem was added. */
    Topology read(final YamlNode root) {
        final Mapping top = fields.asMapping(root, "topology", YamlTreeReader.EXPECTED_ROOT);
        if (top == null) {
            return null;
        }
        fields.checkKeys(top, "", KEYS);
        String name = "unnamed";
        if (fields.require(top, "", "name", "a topology name matching " + NAME)) {
            name = fields.string(top, "", "name", NAME, "a topology name matching " + NAME, name);
        }
        final Mapping orchester = fields.mapping(top, "", "orchester");
        final Mapping tracker = fields.mapping(top, "", "tracker");
        final Mapping supervisor = fields.mapping(top, "", "supervisor");
        final Map<String, SatelliteSpec> satellites = new LinkedHashMap<>();
        Mapping section = null;
        if (fields.require(top, "", "satellites", "a map of satellites by name")) {
            section = fields.mapping(top, "", "satellites");
            if (section != null) {
                final List<SatelliteSite> sites = satelliteReader.read(section);
                new WiringValidator(problems).check(sites);
                sites.forEach(this::checkConfig);
                sites.forEach(s -> satellites.put(s.spec().name(), s.spec()));
            }
        }
        final OrchesterSpec o = orchester == null ? OrchesterSpec.defaults() : orchester(orchester);
        final int httpPort = TrackerSpec.defaultHttpPort(o.servicePort());
        final TrackerSpec t = tracker == null ? TrackerSpec.defaults().withHttp(TrackerSpec.DEFAULT_HTTP_HOST, httpPort)
            : tracker(tracker, httpPort);
        checkMetricsViewPort(top, orchester, tracker, o, t);
        checkMessageSizes(section, satellites, o);
        final Mapping security = fields.mapping(top, "", "security");
        return new Topology(name, problems.source(), o, t, satellites,
            supervisor == null ? SupervisorSpec.defaults() : supervisor(supervisor), fields.bool(top, "", "custody", true),
            security == null ? null : new SecurityReader(fields, problems, baseDir).read(security, satellites));
    }

    /**
     * The tracker's metrics view runs in the orchester's process ({@code satbus run},
     * {@code satbus orchester}): its port must not be one of the orchester's on the same address.
     * Reported at {@code tracker.metrics.http} when written, else at the orchester's port (the
     * view then has its default, which a file can meet without knowing).
     */
    private void checkMetricsViewPort(final Mapping top, final Mapping orchester, final Mapping tracker,
                                      final OrchesterSpec o, final TrackerSpec t) {
        if (t.httpHost() == null || t.httpPort() == 0 || !sameAddress(o.host(), t.httpHost())) {
            return;
        }
        final String[] keys = {"service_port", "pub_port", "sub_port"};
        final int[] ports = {o.servicePort(), o.pubPort(), o.subPort()};
        for (int i = 0; i < keys.length; i++) {
            if (ports[i] != t.httpPort()) {
                continue;
            }
            final Mapping metrics = tracker == null ? null : tracker.get("metrics") instanceof Mapping mm ? mm : null;
            final YamlNode http = metrics == null ? null : metrics.get("http");
            if (http != null) {
                problems.add(http.at(), "tracker.metrics.http", t.httpHost() + ":" + t.httpPort() + ", the same port as "
                    + "orchester." + keys[i], "a port the orchester does not use, 0 for any free port, or off");
            } else {
                final YamlNode port = orchester == null ? null : orchester.get(keys[i]);
                problems.add(port != null ? port.at() : orchester != null ? orchester.at() : top.at(), "orchester." + keys[i],
                    ports[i] + ", the port of the tracker's metrics view (tracker.metrics.http, default "
                        + TrackerSpec.DEFAULT_HTTP_HOST + ":" + t.httpPort() + ")",
                    "another port, or tracker.metrics.http set to another");
            }
        }
    }

    /**
     * A satellite's {@code max_message_size} may not exceed the orchester's: the orchester reads
     * no larger message from the network. Reported at the satellite's key.
     */
    private void checkMessageSizes(final Mapping section, final Map<String, SatelliteSpec> satellites,
                                   final OrchesterSpec o) {
        if (section == null) {
            return;
        }
        for (final SatelliteSpec s : satellites.values()) {
            final long own = s.limits().maxMessageBytes();
            if (own != LimitsSpec.INHERIT && own > o.maxMessageBytes()
                && section.get(s.name()) instanceof Mapping m && m.get("max_message_size") != null) {
                problems.add(m.get("max_message_size").at(), "satellites." + s.name() + ".max_message_size",
                    ByteSizes.format(own) + ", more than orchester.max_message_size " + ByteSizes.format(o.maxMessageBytes()),
                    "<= orchester.max_message_size, the largest message the orchester reads");
            }
        }
    }

    /** True when two bind addresses may be the same interface: equal, a wildcard, or both loopback names. */
    private static boolean sameAddress(final String a, final String b) {
        final java.util.Set<String> wildcard = java.util.Set.of("0.0.0.0", "*", "::", "[::]");
        final java.util.Set<String> loopback = java.util.Set.of("127.0.0.1", "localhost");
        return a.equalsIgnoreCase(b) || wildcard.contains(a) || wildcard.contains(b)
            || loopback.contains(a.toLowerCase(java.util.Locale.ROOT)) && loopback.contains(b.toLowerCase(java.util.Locale.ROOT));
    }

    /** Adds the problems {@link #configCheck} finds in the satellite's config, where each was written. */
    private void checkConfig(final SatelliteSite site) {
        for (ConfigProblem p : configCheck.check(site.spec(), baseDir)) {
            final String path = "satellites." + site.spec().name() + ".config" + (p.key().isEmpty() ? "" : "." + p.key());
            final Mark at = locate(site, p);
            if (p.unknownKey()) {
                final String key = p.key().substring(p.key().lastIndexOf('.') + 1);
                problems.addOneOf(at, path, p.found(), key, p.knownKeys());
            } else if (p.found() == null) {
                problems.add(at, p.expected());
            } else {
                problems.add(at, path, p.found(), p.expected());
            }
        }
    }

    /**
     * Where {@code p}'s key was written under the satellite's config: its value (its key, for an
     * unknown key), else the deepest node on the way, else the satellite's name.
     */
    private static Mark locate(final SatelliteSite site, final ConfigProblem p) {
        YamlNode node = site.config();
        Mark at = node == null ? site.at() : node.at();
        if (p.key().isEmpty()) {
            return at;
        }
        final String[] parts = p.key().split("\\.");
        for (int k = 0; k < parts.length; k++) {
            final String part = parts[k];
            final int bracket = part.indexOf('[');
            final String name = bracket < 0 ? part : part.substring(0, bracket);
            if (!(node instanceof Mapping m) || m.entries().get(name) == null) {
                return at;
            }
            final YamlNode.Entry e = m.entries().get(name);
            node = e.value();
            // An unknown key is reported at the key itself, the rest at their value.
            at = k == parts.length - 1 && bracket < 0 && p.unknownKey() ? e.at() : node.at();
            for (int i = bracket; i >= 0; i = part.indexOf('[', i + 1)) {
                final int index = Integer.parseInt(part.substring(i + 1, part.indexOf(']', i)));
                if (!(node instanceof YamlNode.Sequence s) || index >= s.items().size()) {
                    return at;
                }
                node = s.items().get(index);
                at = node.at();
            }
        }
        return at;
    }

    private OrchesterSpec orchester(final Mapping m) {
        final String path = "orchester";
        fields.checkKeys(m, path, ORCHESTER_KEYS);
        final String host = fields.string(m, path, "host", HOST, EXPECTED_HOST, OrchesterSpec.DEFAULT_HOST);
        final int[] ports = {
            port(m, "service_port", OrchesterSpec.DEFAULT_SERVICE_PORT),
            port(m, "pub_port", OrchesterSpec.DEFAULT_PUB_PORT),
            port(m, "sub_port", OrchesterSpec.DEFAULT_SUB_PORT),
        };
        checkPortClashes(m, ports);
        final long heartbeatMs = fields.durationMs(m, path, "heartbeat_interval", 1,
            OrchesterSpec.DEFAULT_HEARTBEAT_INTERVAL_MS);
        final int liveness = fields.integer(m, path, "heartbeat_liveness", 1, Integer.MAX_VALUE,
            OrchesterSpec.DEFAULT_HEARTBEAT_LIVENESS);
        final long maxBytes = fields.sizeBytes(m, path, "max_message_size", OrchesterSpec.DEFAULT_MAX_MESSAGE_BYTES);
        final long[] bounds = new long[BYTE_BOUND_KEYS.length];
        for (int i = 0; i < bounds.length; i++) {
            bounds[i] = fields.sizeBytes(m, path, BYTE_BOUND_KEYS[i], OrchesterSpec.DERIVED);
        }
        checkByteBounds(m, maxBytes, bounds);
        final OrchesterSpec single = new OrchesterSpec(host, ports[0], ports[1], ports[2], heartbeatMs, liveness, maxBytes,
            bounds[0], bounds[1], bounds[2]);
        final Mapping backup = fields.mapping(m, path, "backup");
        return backup == null ? single : single.withBackup(new BackupReader(fields, problems).read(backup, single));
    }

    /**
     * The written byte bounds against each other: each at least max_message_size (so the largest
     * message can always be taken), the service and peer bounds at most max_queued_bytes. Those
     * left out are derived from the orchester's heap when it starts, and made to fit then.
     */
    private void checkByteBounds(final Mapping m, final long maxMessageBytes, final long[] bounds) {
        for (int i = 0; i < bounds.length; i++) {
            if (bounds[i] != OrchesterSpec.DERIVED && bounds[i] < maxMessageBytes) {
                problems.add(m.get(BYTE_BOUND_KEYS[i]).at(), "orchester." + BYTE_BOUND_KEYS[i], ByteSizes.format(bounds[i])
                    + ", less than max_message_size " + ByteSizes.format(maxMessageBytes),
                    ">= max_message_size, so that the largest message can be taken");
            }
        }
        final long queued = bounds[0];
        for (int i = 1; i < bounds.length && queued != OrchesterSpec.DERIVED; i++) {
            if (bounds[i] > queued) {
                problems.add(m.get(BYTE_BOUND_KEYS[i]).at(), "orchester." + BYTE_BOUND_KEYS[i], ByteSizes.format(bounds[i])
                    + ", more than max_queued_bytes " + ByteSizes.format(queued), "<= max_queued_bytes");
            }
        }
    }

    /** The port at {@code key}, its default when absent, or -1 (reported) when not a port. */
    private int port(final Mapping m, final String key, final int dflt) {
        return m.get(key) == null ? dflt : fields.port(m, "orchester", key, -1);
    }

    /**
     * Reports a port equal to an earlier one, at whichever of the two was written (the later if
     * both). Invalid ports (-1) are reported already and clash with nothing.
     */
    private void checkPortClashes(final Mapping m, final int[] ports) {
        for (int j = 1; j < ports.length; j++) {
            for (int i = 0; i < j; i++) {
                if (ports[j] > 0 && ports[i] == ports[j]) {
                    final boolean laterWritten = m.get(PORT_KEYS[j]) != null;
                    final String key = laterWritten ? PORT_KEYS[j] : PORT_KEYS[i];
                    final String other = laterWritten ? PORT_KEYS[i] : PORT_KEYS[j];
                    problems.add(m.get(key).at(), "orchester." + key, ports[j] + ", the same as orchester." + other,
                        "service_port, pub_port and sub_port all different");
                    break;
                }
            }
        }
    }

    /** @param defaultHttpPort the HTTP view's port when {@code metrics.http} is not written ({@link TrackerSpec#defaultHttpPort}) */
    private TrackerSpec tracker(final Mapping m, final int defaultHttpPort) {
        final String path = "tracker";
        fields.checkKeys(m, path, TRACKER_KEYS);
        final long timeoutMs = fields.durationMs(m, path, "timeout", 1, TrackerSpec.DEFAULT_TIMEOUT_MS);
        final int maxRetries = fields.integer(m, path, "max_retries", 0, TrackerSpec.MAX_RETRIES_LIMIT,
            TrackerSpec.DEFAULT_MAX_RETRIES);
        final long backoffMs = fields.durationMs(m, path, "retry_backoff", 0, TrackerSpec.DEFAULT_RETRY_BACKOFF_MS);
        final String deadLetter = fields.string(m, path, "dead_letter", TOPIC, "a topic without spaces",
            TrackerSpec.DEFAULT_DEAD_LETTER_TOPIC);
        String graphiteHost = null;
        int graphitePort = TrackerSpec.DEFAULT_GRAPHITE_PORT;
        long intervalMs = TrackerSpec.DEFAULT_METRICS_INTERVAL_MS;
        String httpHost = TrackerSpec.DEFAULT_HTTP_HOST;
        int httpPort = defaultHttpPort;
        int httpMaxConnections = TrackerSpec.DEFAULT_HTTP_MAX_CONNECTIONS;
        long httpIdleTimeoutMs = TrackerSpec.DEFAULT_HTTP_IDLE_TIMEOUT_MS;
        final Mapping metrics = fields.mapping(m, path, "metrics");
        if (metrics != null) {
            final String metricsPath = "tracker.metrics";
            fields.checkKeys(metrics, metricsPath, METRICS_KEYS);
            final Matcher graphite = hostPort(metrics, metricsPath, "graphite", GRAPHITE, 1, EXPECTED_GRAPHITE);
            if (graphite != null) {
                graphiteHost = graphite.group(1);
                graphitePort = Integer.parseInt(graphite.group(2));
            }
            intervalMs = fields.durationMs(metrics, metricsPath, "interval", 1, intervalMs);
            final Matcher http = isOff(metrics.get("http")) ? HTTP.matcher("off")
                : hostPort(metrics, metricsPath, "http", HTTP, 0, EXPECTED_HTTP);
            if (http != null && http.matches()) {
                httpHost = http.group(1);
                httpPort = http.group(2) == null ? 0 : Integer.parseInt(http.group(2));
            }
            httpMaxConnections = fields.integer(metrics, metricsPath, "max_connections", 1,
                TrackerSpec.HTTP_MAX_CONNECTIONS_LIMIT, httpMaxConnections);
            httpIdleTimeoutMs = fields.durationMs(metrics, metricsPath, "idle_timeout", 1, httpIdleTimeoutMs);
        }
        final long queueTimeoutMs = fields.durationMs(m, path, "queue_timeout", 0, TrackerSpec.DEFAULT_QUEUE_TIMEOUT_MS);
        return new TrackerSpec(timeoutMs, maxRetries, backoffMs, deadLetter, graphiteHost, graphitePort, intervalMs,
            httpHost, httpPort, httpMaxConnections, httpIdleTimeoutMs, queueTimeoutMs);
    }

    /** YAML reads a bare {@code off} (or {@code false}) as the boolean false. */
    private static boolean isOff(final YamlNode node) {
        return node instanceof YamlNode.Scalar s && s.kind() == YamlNode.Kind.BOOLEAN && Boolean.FALSE.equals(s.value());
    }

    /**
     * A {@code host:port} value (groups 1 and 2 of {@code form}) with its port in {@code minPort..65535};
     * null when absent or reported. For "off" (where {@code form} allows it) both groups are null.
     */
    private Matcher hostPort(final Mapping m, final String path, final String key, final Pattern form, final int minPort,
                             final String expected) {
        final String value = fields.string(m, path, key, form, expected, null);
        if (value == null) {
            return null;
        }
        final Matcher hp = form.matcher(value);
        hp.matches();
        final int port = hp.group(2) == null ? minPort : Integer.parseInt(hp.group(2));
        if (port < minPort || port > 65535) {
            problems.add(m.get(key).at(), path + "." + key, "\"" + value + "\"", expected + ", port " + minPort + "..65535");
            return null;
        }
        return hp;
    }

    private SupervisorSpec supervisor(final Mapping m) {
        final String path = "supervisor";
        fields.checkKeys(m, path, SUPERVISOR_KEYS);
        final int quick = fields.integer(m, path, "quick_restarts", 0, 100, SupervisorSpec.DEFAULT_QUICK_RESTARTS);
        final long backoffMs = fields.durationMs(m, path, "restart_backoff", 1, SupervisorSpec.DEFAULT_RESTART_BACKOFF_MS);
        final long maxBackoffMs = fields.durationMs(m, path, "max_backoff", 1,
            Math.max(backoffMs, SupervisorSpec.DEFAULT_MAX_BACKOFF_MS));
        if (maxBackoffMs < backoffMs) {
            problems.add(m.get("max_backoff").at(), "supervisor.max_backoff", maxBackoffMs + "ms, less than restart_backoff "
                + backoffMs + "ms", "max_backoff >= restart_backoff");
        }
        final int maxRestarts = fields.integer(m, path, "max_restarts", 1, 10_000, SupervisorSpec.DEFAULT_MAX_RESTARTS);
        final long windowMs = fields.durationMs(m, path, "window", 1, SupervisorSpec.DEFAULT_WINDOW_MS);
        return new SupervisorSpec(quick, backoffMs, maxBackoffMs, maxRestarts, windowMs);
    }
}
