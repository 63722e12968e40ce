package io.satbus.core.topology;

import io.satbus.core.protocol.Mdp;
import io.satbus.core.topology.YamlNode.Mapping;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Reads the {@code satellites} section, one satellite at a time; checks that need several
 * satellites are {@link WiringValidator}'s. Owned by the loading thread.
 */
final class SatelliteReader {
    static final List<String> KEYS = List.of("type", "class", "classpath", "instances", "service", "send_to",
        "publish", "subscribe", "credit", "timeout", "max_retries", "config", "host", "autoscale");

    private static final String IDENT = "[\\p{L}_$][\\p{L}\\p{N}_$]*";
    private static final Pattern CLASS_NAME = Pattern.compile("(" + IDENT + "\\.)*" + IDENT);
    private static final Pattern SERVICE = Pattern.compile("[A-Za-z0-9_.-]+");
    private static final Pattern TEXT = Pattern.compile("(?s).+");
    private static final Pattern TOPIC = Pattern.compile("\\S+");
    private static final Pattern PREFIX = Pattern.compile("\\S*");
    private static final List<String> RESERVED_SERVICE_PREFIXES = List.of("mmi.", "satbus.");
    private static final List<String> TYPES = List.copyOf(new TreeSet<>(SatelliteTypes.BUILT_IN));

    private final Fields fields;
    private final Problems problems;
    private final Path baseDir;
    private final AutoscaleReader autoscaleReader;

    /** {@code baseDir} resolves classpaths; null when the topology was not read from a file. */
    SatelliteReader(final Fields fields, final Problems problems, final Path baseDir) {
        this.fields = fields;
        this.problems = problems;
        this.baseDir = baseDir;
        this.autoscaleReader = new AutoscaleReader(fields, problems);
    }

    /** Names the roles report their metrics under (design.md "Metric names"): no satellite may take them. */
    static final List<String> RESERVED_NAMES = List.of("orchester", "tracker");

    List<SatelliteSite> read(final Mapping satellites) {
        fields.checkDuplicates(satellites, "satellites", "duplicate satellite name", "each satellite name once");
        if (satellites.entries().isEmpty()) {
            problems.add(satellites.at(), "satellites", "no satellites", "at least one satellite");
        }
        final List<SatelliteSite> sites = new ArrayList<>();
        for (YamlNode.Entry e : satellites.entries().values()) {
            final String path = "satellites." + e.key();
            if (!TopologyReader.NAME.matcher(e.key()).matches()) {
                problems.add(e.at(), path, "\"" + e.key() + "\"", "a satellite name matching " + TopologyReader.NAME);
            } else if (RESERVED_NAMES.contains(e.key())) {
                problems.add(e.at(), path, "\"" + e.key() + "\", the name of a role",
                    "a satellite name other than " + String.join(" and ", RESERVED_NAMES)
                        + ", under which those roles report their metrics");
            }
            final Mapping body = fields.asMapping(e.value(), path, "a map with type or class");
            if (body != null) {
                sites.add(satellite(e.key(), e.at(), body, path));
            }
        }
        return sites;
    }

    private SatelliteSite satellite(final String name, final Mark at, final Mapping m, final String path) {
        fields.checkKeys(m, path, KEYS);
        final boolean hasType = m.get("type") != null;
        final boolean hasClass = m.get("class") != null;
        if (hasType == hasClass) {
            problems.add(at, path, hasType ? "both type and class" : "neither type nor class",
                "exactly one of type, class");
        }
        final String type = type(m, path);
        final String className = fields.string(m, path, "class", CLASS_NAME,
            "a fully qualified class name such as com.example.Audit", null);
        final String classpath = classpath(m, path, hasType && !hasClass);
        final int givenInstances = fields.integer(m, path, "instances", 1, SatelliteSpec.MAX_INSTANCES, -1);
        final String service = service(name, type, m, path);
        final String sendTo = fields.string(m, path, "send_to", TEXT, "a service name", null);
        final List<String> publish = fields.strings(m, path, "publish", TOPIC, "a topic without spaces");
        final List<String> subscribe = fields.strings(m, path, "subscribe", PREFIX, "a topic prefix without spaces");
        final AutoscaleSpec autoscale = autoscaleReader.read(m, path, service, subscribe);
        if (autoscale != null && givenInstances > 0) {
            autoscaleReader.checkInstances(m, path, givenInstances, autoscale);
        }
        final int instances = givenInstances > 0 ? givenInstances
            : autoscale != null ? autoscale.min() : SatelliteSpec.DEFAULT_INSTANCES;
        final int credit = fields.integer(m, path, "credit", 1, SatelliteSpec.MAX_CREDIT, SatelliteSpec.DEFAULT_CREDIT);
        final long timeoutMs = fields.durationMs(m, path, "timeout", 1, 0);
        final int maxRetries = fields.integer(m, path, "max_retries", 0, TrackerSpec.MAX_RETRIES_LIMIT, -1);
        final SatelliteSpec spec = new SatelliteSpec(name, type, className, classpath, instances, service, sendTo,
            publish, subscribe, credit, timeoutMs, maxRetries, config(m, path),
            fields.string(m, path, "host", TopologyReader.NAME, "a host name matching " + TopologyReader.NAME, null),
            autoscale);
        return new SatelliteSite(spec, at, m.get("service"), m.get("send_to"), m.get("config"));
    }

    private String type(final Mapping m, final String path) {
        final String type = fields.string(m, path, "type", TEXT, "a built-in type, one of: " + String.join(", ", TYPES), null);
        if (type != null && !SatelliteTypes.BUILT_IN.contains(type)) {
            problems.addOneOf(m.get("type").at(), Fields.path(path, "type"), m.get("type").describe(), type, TYPES);
            return null;
        }
        return type;
    }

    private String classpath(final Mapping m, final String path, final boolean builtIn) {
        final YamlNode node = m.get("classpath");
        final String given = fields.string(m, path, "classpath", TEXT, "a jar or folder", null);
        if (given == null) {
            return null;
        }
        if (builtIn) {
            problems.add(node.at(), Fields.path(path, "classpath"), "given with a built-in type",
                "classpath only together with class");
        }
        if (baseDir == null) {
            return given;
        }
        try {
            final Path resolved = baseDir.resolve(given).normalize();
            if (!Files.exists(resolved)) {
                problems.add(node.at(), Fields.path(path, "classpath"), "\"" + given + "\" not found at " + resolved,
                    "a jar or folder, relative to the topology file's folder");
            }
            return resolved.toString();
        } catch (InvalidPathException e) {
            problems.add(node.at(), Fields.path(path, "classpath"), "\"" + given + "\" (" + e.getReason() + ")",
                "a jar or folder, relative to the topology file's folder");
            return given;
        }
    }

    /** The service it works for: as given, else none for a source type, else the satellite name. */
    private String service(final String name, final String type, final Mapping m, final String path) {
        final YamlNode node = m.get("service");
        if (node == null) {
            return type != null && SatelliteTypes.SOURCES.contains(type) ? null : name;
        }
        final String expected = "a service name matching " + SERVICE + ", at most " + Mdp.MAX_SERVICE_NAME_BYTES
            + " characters, not starting with " + String.join(" or ", RESERVED_SERVICE_PREFIXES);
        final String service = fields.string(node, Fields.path(path, "service"), SERVICE, expected, name);
        if (service.length() > Mdp.MAX_SERVICE_NAME_BYTES
            || RESERVED_SERVICE_PREFIXES.stream().anyMatch(service::startsWith)) {
            problems.add(node.at(), Fields.path(path, "service"), node.describe(), expected);
            return name;
        }
        return service;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> config(final Mapping m, final String path) {
        final YamlNode node = m.get("config");
        if (node == null || node instanceof YamlNode.Scalar s && s.kind() == YamlNode.Kind.NULL) {
            return Map.of();
        }
        final Mapping config = fields.asMapping(node, Fields.path(path, "config"), "a map");
        return config == null ? Map.of() : (Map<String, Object>) FreeForm.toJava(config, Fields.path(path, "config"), fields, problems);
    }
}
