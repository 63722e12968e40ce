package io.satbus.satellites.firehose;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The certificates of the fetcher's {@code ca_file}, which TLS then trusts instead of the JDK's
 * default trust store. The file holds one or more PEM blocks; text between blocks (comments,
 * {@code openssl x509 -text} output) is ignored:
 * <pre>
 * -----BEGIN CERTIFICATE-----
 * base64 of one DER X.509 certificate (a CA's, or the server's own)
 * -----END CERTIFICATE-----
 * </pre>
 * Immutable.
 */
record CaFile(Path path, List<X509Certificate> certificates) {
    static final String BEGIN = "-----BEGIN CERTIFICATE-----";
    static final String END = "-----END CERTIFICATE-----";
    /** Far above any CA bundle (the JDK's whole trust store is about 200 KiB as PEM). */
    static final long MAX_BYTES = 16L << 20;

    CaFile {
        certificates = List.copyOf(certificates);
    }

    /**
     * Reads the certificates at {@code path}; the exception's message says what is wrong with the
     * file (not found, not readable, no certificate, a block that is not one), without the path.
     */
    static CaFile read(final Path path) throws IOException {
        if (!Files.exists(path)) {
            throw new IOException("not found");
        }
        if (!Files.isRegularFile(path)) {
            throw new IOException("not a regular file");
        }
        final long size = Files.size(path);
        if (size > MAX_BYTES) {
            throw new IOException(size + " bytes, too large for PEM certificates (at most " + MAX_BYTES + ")");
        }
        final byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (IOException e) {
            throw new IOException("not readable (" + e + ")", e);
        }
        // ISO-8859-1 maps every byte, so a binary (DER) file is read, then found to hold no block.
        return new CaFile(path, parse(new String(bytes, StandardCharsets.ISO_8859_1)));
    }

    /** The certificates of the PEM blocks in {@code text}; at least one. */
    static List<X509Certificate> parse(final String text) throws IOException {
        final CertificateFactory x509;
        try {
            x509 = CertificateFactory.getInstance("X.509");
        } catch (CertificateException e) {
            throw new IllegalStateException("the JDK has no X.509 certificate factory", e);
        }
        final List<X509Certificate> certificates = new ArrayList<>();
        int from = text.indexOf(BEGIN);
        while (from >= 0) {
            final int n = certificates.size() + 1;
            final int to = text.indexOf(END, from);
            if (to < 0) {
                throw new IOException("certificate " + n + " has no " + END + " line");
            }
            try {
                final byte[] der = Base64.getMimeDecoder().decode(text.substring(from + BEGIN.length(), to));
                certificates.add((X509Certificate) x509.generateCertificate(new ByteArrayInputStream(der)));
            } catch (IllegalArgumentException | CertificateException e) {
                throw new IOException("certificate " + n + " is not an X.509 certificate (" + e.getMessage() + ")", e);
            }
            from = text.indexOf(BEGIN, to);
        }
        if (certificates.isEmpty()) {
            throw new IOException("no PEM certificate in it (no " + BEGIN + " line)");
        }
        return certificates;
    }
}
