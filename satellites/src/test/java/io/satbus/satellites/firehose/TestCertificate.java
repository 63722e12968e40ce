package io.satbus.satellites.firehose;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;

/**
 * A key pair and a self-signed certificate made by the JDK's {@code keytool} (a real process),
 * kept as a PKCS12 key store (for a server) and the certificate as PEM (for {@code ca_file}).
 */
record TestCertificate(Path keyStore, Path pem) {
    private static final String PASSWORD = "changeit";
    private static final long KEYTOOL_TIMEOUT_S = 120;

    /** A certificate for {@code cn} naming {@code san} (keytool's form: {@code dns:localhost,ip:127.0.0.1}). */
    static TestCertificate make(final Path dir, final String alias, final String cn, final String san)
        throws IOException, InterruptedException {
        final Path keyStore = dir.resolve(alias + ".p12");
        final Path pem = dir.resolve(alias + ".pem");
        keytool(dir, "-genkeypair", "-alias", alias, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + cn,
            "-ext", "SAN=" + san, "-validity", "2", "-storetype", "PKCS12", "-keystore", keyStore.toString(),
            "-storepass", PASSWORD, "-keypass", PASSWORD);
        keytool(dir, "-exportcert", "-rfc", "-alias", alias, "-keystore", keyStore.toString(), "-storetype", "PKCS12",
            "-storepass", PASSWORD, "-file", pem.toString());
        return new TestCertificate(keyStore, pem);
    }

    /** The server side: this certificate and its private key. */
    KeyManagerFactory keyManagers() throws IOException, GeneralSecurityException {
        final KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            ks.load(in, PASSWORD.toCharArray());
        }
        final KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, PASSWORD.toCharArray());
        return kmf;
    }

    private static void keytool(final Path dir, final String... args) throws IOException, InterruptedException {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        final Path log = dir.resolve("keytool.log");
        final Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
            .redirectOutput(log.toFile()).start();
        if (!p.waitFor(KEYTOOL_TIMEOUT_S, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new IOException("keytool " + args[0] + " did not finish within " + KEYTOOL_TIMEOUT_S + " s");
        }
        if (p.exitValue() != 0) {
            throw new IOException("keytool " + String.join(" ", args) + " exited " + p.exitValue() + ": "
                + Files.readString(log, StandardCharsets.UTF_8));
        }
    }
}
