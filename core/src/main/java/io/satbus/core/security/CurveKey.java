package io.satbus.core.security;

import java.util.Objects;

/**
 * A named CURVE key pair as read from its files: the public key always, the secret one only when
 * its file was read. Keys are Z85 text, 40 characters. {@link #toString()} shows the name and the
 * public key, never the secret one. Immutable.
 *
 * @param name      the key's name: its file's name without {@code .key} / {@code .key_secret}
 * @param publicKey Z85 public key
 * @param secretKey Z85 secret key, or null when only the public file was read
 */
public record CurveKey(String name, String publicKey, String secretKey) {
    public CurveKey {
        Objects.requireNonNull(name, "name");
        KeyFiles.checkZ85(publicKey, "public key of " + name);
        if (secretKey != null) {
            KeyFiles.checkZ85(secretKey, "secret key of " + name);
        }
    }

    /** True when the secret key is known, so this key can be used to connect or to serve. */
    public boolean hasSecret() {
        return secretKey != null;
    }

    /** The same key without its secret half. */
    public CurveKey publicOnly() {
        return new CurveKey(name, publicKey, null);
    }

    @Override
    public String toString() {
        return name + " (" + publicKey + ")";
    }
}
