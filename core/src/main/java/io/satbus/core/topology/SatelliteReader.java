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
    static final List<String> KEYS = List.of("type", "class", "classpath", "command", "instances", "service",
        "send_to", "publish", "subscribe", "credit", "timeout", "max_retries", "config", "host", "autoscale",
        "dedup_window", "outbox", "outbox_fsync", "max_message_size", "queue_timeout");
    /** The keys that say what runs, of which a satellite has exactly one. */
    static final List<String> KINDS = List.of("type", "class", "command");
    static final String EXPECTED_COMMAND =
        "a non-empty list of strings, the program and its arguments, such as [python3, worker.py]";
    static final String EXPECTED_PROGRAM =
        "a program file, relative to the topology file's folder, or a program name looked up on PATH";

    private static final String IDENT = "[\\p{L}_$][\\p{L}\\p{N}_$]*";
    private static final Pattern CLASS_NAME = Pattern.compile("(" + IDENT + "\\.)*" + IDENT);
    private static final Pattern SERVICE = Pattern.compile("[A-Za-z0-9_.-]+");
    private static final Pattern TEXT = Pattern.compile("(?s).+");
    private static final Pattern ANY_TEXT = Pattern.compile("(?s).*");
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

    /**
     * Names the roles and the run's accounting report their metrics under (design.md "Metric
     * names", {@code satbus.<topology>.run.*}): no satellite may take them.
     */
    static final List<String> RESERVED_NAMES = List.of("orchester", "tracker", "run");

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
                problems.add(e.at(), path, "\"" + e.key() + "\", a reserved name",
                    "a satellite name other than orchester, tracker and run, under which the roles and the run's"
                        + " accounting report their metrics");
            }
            final Mapping body = fields.asMapping(e.value(), path, "a map with type, class or command");
            if (body != null) {
                sites.add(satellite(e.key(), e.at(), body, path));
            }
        }
        return sites;
    }

    private SatelliteSite satellite(final String name, final Mark at, final Mapping m, final String path) {
        fields.checkKeys(m, path, KEYS);
        checkKind(m, at, path);
        final String type = type(m, path);
        final String className = fields.string(m, path, "class", CLASS_NAME,
            "a fully qualified class name such as com.example.Audit", null);
        final boolean hasClass = m.get("class") != null;
        final String classpath = classpath(m, path, hasClass ? null
            : m.get("type") != null ? "a built-in type" : m.get("command") != null ? "command" : null);
        final CommandSpec command = command(m, path);
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
            autoscale, command, custody(m, path), new LimitsSpec(
                fields.sizeBytes(m, path, "max_message_size", LimitsSpec.INHERIT),
                fields.durationMs(m, path, "queue_timeout", 0, LimitsSpec.INHERIT)));
        return new SatelliteSite(spec, at, m.get("service"), m.get("send_to"), m.get("config"));
    }

    private CustodySpec custody(final Mapping m, final String path) {
        final int window = fields.integer(m, path, "dedup_window", 1, CustodySpec.MAX_DEDUP_WINDOW,
            CustodySpec.DEFAULT_DEDUP_WINDOW);
        final boolean outbox = fields.bool(m, path, "outbox", false);
        boolean fsync = fields.bool(m, path, "outbox_fsync", false);
        if (fsync && !outbox) {
            problems.add(m.get("outbox_fsync").at(), Fields.path(path, "outbox_fsync"), "true without outbox",
                "outbox: true as well, or no outbox_fsync");
            fsync = false;
        }
        return new CustodySpec(window, outbox, fsync);
    }

    /** Reports a satellite that has not exactly one of type, class and command. */
    private void checkKind(final Mapping m, final Mark at, final String path) {
        final List<String> given = KINDS.stream().filter(k -> m.get(k) != null).toList();
        if (given.size() == 1) {
            return;
        }
        final String what = switch (given.size()) {
            case 0 -> "neither type, class nor command";
            case 2 -> "both " + given.get(0) + " and " + given.get(1);
            default -> "type, class and command";
        };
        problems.add(at, path, what, "exactly one of " + String.join(", ", KINDS));
    }

    private String type(final Mapping m, final String path) {
        final String type = fields.string(m, path, "type", TEXT, "a built-in type, one of: " + String.join(", ", TYPES), null);
        if (type != null && !SatelliteTypes.BUILT_IN.contains(type)) {
            problems.addOneOf(m.get("type").at(), Fields.path(path, "type"), m.get("type").describe(), type, TYPES);
            return null;
        }
        return type;
    }

    /** @param givenWith what the satellite has instead of a class ("a built-in type", "command"), or null */
    private String classpath(final Mapping m, final String path, final String givenWith) {
        final YamlNode node = m.get("classpath");
        final String given = fields.string(m, path, "classpath", TEXT, "a jar or folder", null);
        if (given == null) {
            return null;
        }
        if (givenWith != null) {
            problems.add(node.at(), Fields.path(path, "classpath"), "given with " + givenWith,
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

    /**
     * The program and its arguments, or null when absent or (reported) not a non-empty list of
     * strings. A program path with a {@code /} is resolved against the topology file's folder and
     * must be an executable file there; a bare name is left to {@code PATH}.
     */
    private CommandSpec command(final Mapping m, final String path) {
        final YamlNode node = m.get("command");
        if (node == null) {
            return null;
        }
        final String at = Fields.path(path, "command");
        if (!(node instanceof YamlNode.Sequence seq) || seq.items().isEmpty()) {
            problems.add(node.at(), at, node instanceof YamlNode.Sequence ? "an empty list" : node.describe(),
                EXPECTED_COMMAND);
            return null;
        }
        final List<String> argv = new ArrayList<>();
        for (int i = 0; i < seq.items().size(); i++) {
            final String one = fields.string(seq.items().get(i), at + "[" + i + "]", i == 0 ? TEXT : ANY_TEXT,
                i == 0 ? "a program name or path" : "a string", null);
            if (one != null) {
                argv.add(one);
            }
        }
        if (argv.size() < seq.items().size()) {
            return null;
        }
        argv.set(0, program(seq.items().get(0), at + "[0]", argv.get(0)));
        return new CommandSpec(argv, baseDir == null ? null : baseDir.toString());
    }

    /** {@code program} resolved against the topology file's folder when it is a path; a bare name as it is. */
    private String program(final YamlNode node, final String at, final String program) {
        if (!program.contains("/") || baseDir == null) {
            return program;
        }
        try {
            final Path resolved = baseDir.resolve(program).normalize();
            if (!Files.isRegularFile(resolved)) {
                problems.add(node.at(), at, "\"" + program + "\" not found at " + resolved, EXPECTED_PROGRAM);
            } else if (!Files.isExecutable(resolved)) {
                problems.add(node.at(), at, "\"" + program + "\" at " + resolved + " is not executable",
                    "an executable file (chmod +x), or its interpreter first, such as [python3, " + program + "]");
            }
            return resolved.toString();
        } catch (InvalidPathException e) {
            problems.add(node.at(), at, "\"" + program + "\" (" + e.getReason() + ")", EXPECTED_PROGRAM);
            return program;
        }
    }

    /**
     * The service it works for: as given; none for {@code service: off}; else none for a source
     * type, else the satellite name.
     */
    private String service(final String name, final String type, final Mapping m, final String path) {
        final YamlNode node = m.get("service");
        if (node == null) {
            return type != null && SatelliteTypes.SOURCES.contains(type) ? null : name;
        }
        if (node instanceof YamlNode.Scalar s && s.kind() == YamlNode.Kind.BOOLEAN && Boolean.FALSE.equals(s.value())) {
            return null;
        }
        final String expected = "off, or a service name matching " + SERVICE + ", at most " + Mdp.MAX_SERVICE_NAME_BYTES
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
