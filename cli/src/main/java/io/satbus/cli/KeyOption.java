package io.satbus.cli;

import io.satbus.core.security.CurveKey;
import io.satbus.core.security.KeyFiles;
import io.satbus.core.security.SecuritySpec;
import io.satbus.core.topology.Topology;
import io.satbus.core.zmq.Curve;
import java.nio.file.Path;
import java.util.function.Consumer;
import picocli.CommandLine.Option;

/**
 * {@code --key FILE} and {@code --server-key FILE}: the CURVE keys a command proves and trusts
 * when it asks a secured orchester (docs/security.md). Without {@code --key}, a topology with a
 * {@code security} section lends the supervisors' key from its secrets folder, which an operator
 * on the orchester's host may read; elsewhere, give an admin key.
 */
final class KeyOption {
    @Option(names = "--key", paramLabel = "FILE", description = "Secret key file to prove (an admin key for status, "
        + "scale and stop). Default with a secured topology: its supervisor key.")
    Path key;

    @Option(names = "--server-key", paramLabel = "FILE", description = "The orchester's public key file, when no "
        + "topology with a security section says it.")
    Path serverKey;

    /** What makes a socket a CURVE client, or a no-op when nothing here asks for security. */
    Consumer<org.zeromq.ZMQ.Socket> curve(final Topology topology) {
        final SecuritySpec security = topology == null ? null : topology.security();
        if (key == null && security == null) {
            if (serverKey != null) {
                throw new IllegalArgumentException("--server-key : " + serverKey + " without --key (expected: --key FILE "
                    + "too, the secret key to prove)");
            }
            return s -> { };
        }
        final CurveKey server = serverKey != null ? KeyFiles.read(serverKey) : security != null ? security.orchesterKey()
            : null;
        if (server == null) {
            throw new IllegalArgumentException("--key : " + key + " without the orchester's public key (expected: a "
                + "topology with a security section, or --server-key FILE)");
        }
        final CurveKey own = key != null ? KeyFiles.readSecret(key) : security.secretKey(SecuritySpec.SUPERVISOR_KEY);
        return s -> Curve.client(s, own, server);
    }
}
