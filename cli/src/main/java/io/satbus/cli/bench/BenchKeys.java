package io.satbus.cli.bench;

import io.satbus.core.security.CurveKey;
import io.satbus.core.security.KeyFiles;
import io.satbus.core.security.Rights;
import io.satbus.core.security.SecuritySpec;
import io.satbus.core.topology.SatelliteSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keys for {@code --vary security=curve} on a topology without a security section: a pair for
 * the orchester, the supervisors and each satellite, written to a temporary folder (deleted when
 * the JVM exits), each satellite with its default rights. Not for real use: the secrets live in
 * a temporary folder.
 */
final class BenchKeys {
    private BenchKeys() {
    }

    static SecuritySpec make(final Map<String, SatelliteSpec> satellites) {
        try {
            final Path dir = Files.createTempDirectory("satbus-bench-keys");
            dir.toFile().deleteOnExit();
            final Map<String, CurveKey> allowed = new LinkedHashMap<>();
            final Map<String, Rights> rights = new LinkedHashMap<>();
            for (String name : List.of(SecuritySpec.ORCHESTER_KEY, SecuritySpec.SUPERVISOR_KEY)) {
                allowed.put(name, KeyFiles.create(dir, name).publicOnly());
            }
            for (SatelliteSpec s : satellites.values()) {
                allowed.put(s.name(), KeyFiles.create(dir, s.name()).publicOnly());
                rights.put(s.name(), Rights.of(s));
            }
            allowed.keySet().forEach(name -> {
                dir.resolve(name + KeyFiles.PUBLIC_SUFFIX).toFile().deleteOnExit();
                dir.resolve(name + KeyFiles.SECRET_SUFFIX).toFile().deleteOnExit();
            });
            return new SecuritySpec(KeyFiles.readSecret(dir.resolve(SecuritySpec.ORCHESTER_KEY + KeyFiles.SECRET_SUFFIX)),
                allowed, rights, dir, null);
        } catch (IOException ex) {
            throw new UncheckedIOException("satbus bench : keys for security=curve could not be written", ex);
        }
    }
}
