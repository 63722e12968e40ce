package io.satbus.core.topology;

import io.satbus.core.security.CurveKey;
import io.satbus.core.security.KeyFileException;
import io.satbus.core.security.KeyFiles;
import io.satbus.core.security.Rights;
import io.satbus.core.security.SecuritySpec;
import io.satbus.core.topology.YamlNode.Mapping;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the optional {@code security} section (docs/security.md) against the topology's
 * satellites: the key files are read here, so a missing or unreadable file, a key that is not 40
 * Z85 characters, a satellite without a key and a right that names no service are reported with
 * their line and column like any other problem. Owned by the loading thread.
 */
final class SecurityReader {
    static final List<String> KEYS = List.of("keys", "secrets", "orchester_key", "http_token", "rights");
    static final List<String> RIGHTS_KEYS = List.of("work_for", "send_to", "publish", "subscribe", "admin");
    private static final Pattern PATH = Pattern.compile(".+");
    private static final Pattern NAME = Pattern.compile("\\S+");
    private static final String CONTROL_SERVICES = "satbus.supervisor.";

    private final Fields fields;
    private final Problems problems;
    private final Path baseDir;

    SecurityReader(final Fields fields, final Problems problems, final Path baseDir) {
        this.fields = fields;
        this.problems = problems;
        this.baseDir = baseDir;
    }

    /** The section's meaning, or null when it has problems (reported). */
    SecuritySpec read(final Mapping m, final Map<String, SatelliteSpec> satellites) {
        final String path = "security";
        final int before = problems.count();
        fields.checkKeys(m, path, KEYS);
        final Path keysDir = fields.require(m, path, "keys", "a folder of NAME" + KeyFiles.PUBLIC_SUFFIX + " files")
            ? path(m, "keys") : null;
        final Map<String, CurveKey> allowed = keysDir == null ? Map.of() : allowed(m.get("keys"), keysDir);
        final Path secrets = m.get("secrets") == null ? keysDir : path(m, "secrets");
        if (m.get("secrets") != null && secrets != null && !Files.isDirectory(secrets)) {
            problems.add(m.get("secrets").at(), "security.secrets", "\"" + secrets + "\", not a folder",
                "a folder of NAME" + KeyFiles.SECRET_SUFFIX + " files");
        }
        final CurveKey orchester = orchesterKey(m, keysDir);
        final Path token = m.get("http_token") == null ? null : path(m, "http_token");
        if (token != null) {
            checkToken(m.get("http_token"), token);
        }
        final Map<String, Rights> rights = defaults(satellites, allowed.keySet());
        final Set<String> services = services(satellites);
        final Mapping written = fields.mapping(m, path, "rights");
        if (written != null) {
            for (YamlNode.Entry e : written.entries().values()) {
                if (!allowed.containsKey(e.key())) {
                    problems.addOneOf(e.at(), "security.rights." + e.key(), "no key " + e.key() + KeyFiles.PUBLIC_SUFFIX
                        + " in " + keysDir, e.key(), allowed.keySet());
                    continue;
                }
                final Mapping r = fields.asMapping(e.value(), "security.rights." + e.key(), "a map of rights");
                if (r != null) {
                    rights.put(e.key(), rights(r, "security.rights." + e.key(), services,
                        rights.getOrDefault(e.key(), Rights.NONE)));
                }
            }
        }
        if (keysDir != null) {
            for (SatelliteSpec s : satellites.values()) {
                if (!allowed.containsKey(s.name())) {
                    problems.add(m.get("keys").at(), "security.keys", "no key for satellite " + s.name(), s.name()
                        + KeyFiles.PUBLIC_SUFFIX + " in " + keysDir + " (satbus keys new " + s.name() + " --dir " + keysDir + ")");
                }
            }
            if (!allowed.containsKey(SecuritySpec.SUPERVISOR_KEY)) {
                problems.add(m.get("keys").at(), "security.keys", "no key for the supervisors", SecuritySpec.SUPERVISOR_KEY
                    + KeyFiles.PUBLIC_SUFFIX + " in " + keysDir + " (satbus keys new supervisor --dir " + keysDir + ")");
            }
        }
        if (problems.count() > before || orchester == null || secrets == null) {
            return null;
        }
        return new SecuritySpec(orchester, allowed, rights, secrets, token, keysDir);
    }

    private Path path(final Mapping m, final String key) {
        final String value = fields.string(m, "security", key, PATH, "a path", null);
        return value == null ? null : (baseDir == null ? Path.of(value) : baseDir.resolve(value)).normalize();
    }

    /** The admitted keys: every NAME.key in the folder, or each file of a list. */
    private Map<String, CurveKey> allowed(final YamlNode node, final Path dir) {
        final Map<String, CurveKey> keys = new LinkedHashMap<>();
        if (!Files.isDirectory(dir)) {
            problems.add(node.at(), "security.keys", "\"" + dir + "\", not a folder", "a folder of NAME"
                + KeyFiles.PUBLIC_SUFFIX + " files (satbus keys new NAME --dir FOLDER)");
            return keys;
        }
        final List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*" + KeyFiles.PUBLIC_SUFFIX)) {
            ds.forEach(files::add);
        } catch (IOException ex) {
            problems.add(node.at(), "security.keys", "\"" + dir + "\" cannot be read", "a readable folder");
            return keys;
        }
        files.sort(null);
        for (Path f : files) {
            try {
                keys.put(KeyFiles.nameOf(f), KeyFiles.read(f).publicOnly());
            } catch (KeyFileException ex) {
                problems.add(node.at(), "security.keys : " + ex.getMessage());
            }
        }
        return keys;
    }

    /** The orchester's key: its secret file when readable here, else the public file beside it. */
    private CurveKey orchesterKey(final Mapping m, final Path keysDir) {
        final YamlNode node = m.get("orchester_key");
        final Path secret = node != null ? path(m, "orchester_key")
            : keysDir == null ? null : keysDir.resolve(SecuritySpec.ORCHESTER_KEY + KeyFiles.SECRET_SUFFIX);
        if (secret == null) {
            return null;
        }
        final YamlNode at = node != null ? node : m.get("keys");
        final Path pub = secret.resolveSibling(KeyFiles.nameOf(secret) + KeyFiles.PUBLIC_SUFFIX);
        final Path file = Files.exists(secret) ? secret : pub;
        if (!Files.exists(file)) {
            problems.add(at.at(), "security.orchester_key", "\"" + secret + "\" does not exist, nor " + pub.getFileName(),
                "the orchester's secret key file (satbus keys new orchester), or its public file on other hosts");
            return null;
        }
        try {
            return KeyFiles.read(file);
        } catch (KeyFileException ex) {
            problems.add(at.at(), "security.orchester_key : " + ex.getMessage());
            return null;
        }
    }

    private void checkToken(final YamlNode node, final Path token) {
        try {
            if (Files.readString(token).strip().length() < 16) {
                problems.add(node.at(), "security.http_token", "\"" + token + "\" holds fewer than 16 characters",
                    "a file holding a token of at least 16 characters");
            }
        } catch (IOException | SecurityException ex) {
            problems.add(node.at(), "security.http_token", "\"" + token + "\" cannot be read",
                "a readable file holding the HTTP view's bearer token");
        }
    }

    /**
     * A satellite's key may do what its own entry says it does; the supervisors' key may serve
     * the control services and use the admin; every other key nothing until given rights.
     */
    private static Map<String, Rights> defaults(final Map<String, SatelliteSpec> satellites, final Set<String> allowed) {
        final Map<String, Rights> rights = new LinkedHashMap<>();
        for (SatelliteSpec s : satellites.values()) {
            if (allowed.contains(s.name())) {
                rights.put(s.name(), Rights.of(s));
            }
        }
        if (allowed.contains(SecuritySpec.SUPERVISOR_KEY)) {
            rights.put(SecuritySpec.SUPERVISOR_KEY, new Rights(List.of(CONTROL_SERVICES + "*"),
                List.of(CONTROL_SERVICES + "*"), List.of(), List.of(), true));
        }
        return rights;
    }

    private static Set<String> services(final Map<String, SatelliteSpec> satellites) {
        final Set<String> services = new LinkedHashSet<>();
        satellites.values().forEach(s -> {
            if (s.isWorker()) {
                services.add(s.service());
            }
        });
        return services;
    }

    /** Rights written for one key; each key written replaces that right of {@code base}. */
    private Rights rights(final Mapping r, final String path, final Set<String> services, final Rights base) {
        fields.checkKeys(r, path, RIGHTS_KEYS);
        final List<String> workFor = r.get("work_for") == null ? base.workFor() : services(r, path, "work_for", services);
        final List<String> sendTo = r.get("send_to") == null ? base.sendTo() : services(r, path, "send_to", services);
        final List<String> publish = r.get("publish") == null ? base.publish()
            : fields.strings(r, path, "publish", NAME, "a topic");
        for (String topic : publish) {
            if (topic.startsWith("satbus.")) {
                problems.add(r.get("publish").at(), path + ".publish", "\"" + topic + "\"",
                    "a topic outside satbus., which only the orchester publishes on");
            }
        }
        final List<String> subscribe = r.get("subscribe") == null ? base.subscribe()
            : fields.strings(r, path, "subscribe", NAME, "a topic prefix");
        return new Rights(workFor, sendTo, publish, subscribe, fields.bool(r, path, "admin", base.admin()));
    }

    private List<String> services(final Mapping r, final String path, final String key, final Set<String> services) {
        final List<String> names = fields.strings(r, path, key, NAME, "a service name");
        for (String name : names) {
            final boolean control = name.startsWith(CONTROL_SERVICES) && name.length() > CONTROL_SERVICES.length();
            if (!control && !services.contains(name)) {
                problems.addOneOf(r.get(key).at(), path + "." + key, "\"" + name + "\", no service of this topology",
                    name, services);
            }
        }
        return names;
    }
}
