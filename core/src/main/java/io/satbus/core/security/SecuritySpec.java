package io.satbus.core.security;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code security} section of a topology once read and checked (docs/security.md): the
 * orchester's key, the keys it admits by name, what each may do, and where the secret keys of
 * the processes {@code satbus run} starts are. Immutable; thread-safe.
 *
 * @param orchesterKey the orchester's key (with its secret half on the orchester's host); the
 *                     tracker link uses it at both ends
 * @param allowed      admitted keys by name, public halves only
 * @param rights       what each admitted key may do, by name (every admitted key has an entry)
 * @param secretsDir   folder of the {@code NAME.key_secret} files of what runs on this host: a
 *                     satellite uses its own name's, the supervisors {@value #SUPERVISOR_KEY}'s
 * @param httpToken    file whose content the HTTP view asks as a bearer token when it is bound
 *                     off loopback, or null
 * @param keysDir      the folder the allow-list was read from, which the orchester reads again
 *                     when it changes (a key rotated without stopping the bus), or null
 */
public record SecuritySpec(CurveKey orchesterKey, Map<String, CurveKey> allowed, Map<String, Rights> rights,
                           Path secretsDir, Path httpToken, Path keysDir) {
    /** Name of the key the supervisors use: control services and admin reports. */
    public static final String SUPERVISOR_KEY = "supervisor";
    /** Name of the orchester's key. */
    public static final String ORCHESTER_KEY = "orchester";

    public SecuritySpec {
        Objects.requireNonNull(orchesterKey, "orchesterKey");
        allowed = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(allowed));
        rights = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(rights));
        Objects.requireNonNull(secretsDir, "secretsDir");
    }

    /** With no folder to read again. */
    public SecuritySpec(final CurveKey orchesterKey, final Map<String, CurveKey> allowed, final Map<String, Rights> rights,
                        final Path secretsDir, final Path httpToken) {
        this(orchesterKey, allowed, rights, secretsDir, httpToken, null);
    }

    /** The admitted key's name for a public key (Z85), or null when it is not admitted. */
    public String nameOf(final String publicKey) {
        return byPublicKey().get(publicKey);
    }

    /** Public key (Z85) to name, for a ZAP handler; a new map each call. */
    public Map<String, String> byPublicKey() {
        final Map<String, String> m = new HashMap<>();
        allowed.forEach((name, k) -> m.put(k.publicKey(), name));
        return m;
    }

    /** What key {@code name} may do: nothing when it has no entry. */
    public Rights rightsOf(final String name) {
        return rights.getOrDefault(name, Rights.NONE);
    }

    /** The secret file of key {@code name} in {@link #secretsDir()}. */
    public Path secretFile(final String name) {
        return secretsDir.resolve(name + KeyFiles.SECRET_SUFFIX);
    }

    /** Key {@code name} with its secret half, read now from {@link #secretFile}; a {@link KeyFileException} when it cannot be. */
    public CurveKey secretKey(final String name) {
        return KeyFiles.readSecret(secretFile(name));
    }

    @Override
    public String toString() {
        return "security (orchester key " + orchesterKey + ", " + allowed.size() + " keys admitted)";
    }
}
