package io.satbus.satellites.firehose;

import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertPathValidatorException.BasicReason;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.PKIXReason;
import java.util.Locale;

/**
 * Turns a failed TLS handshake into one line a user can act on: what went wrong in plain words,
 * then the JDK's own message, e.g.
 * <pre>
 * TLS handshake with https://localhost:8443 failed: the server's certificate is not trusted
 * (no certificate in ca_file /etc/satbus/ca.pem signed it) (PKIX path building failed: ...)
 * </pre>
 * Stateless; any thread.
 */
final class TlsFailure {
    private static final String EXPIRED = "the server's certificate has expired or is not valid yet";

    private TlsFailure() {
    }

    /**
     * Why the handshake with {@code origin} failed. {@code caFile} is what the client trusted
     * (null: the JDK's default trust store); {@code handshakeTimeoutMs} is {@code connect_timeout}.
     */
    static String describe(final String origin, final Throwable cause, final CaFile caFile,
                           final long handshakeTimeoutMs) {
        final String reason = reason(cause, caFile, handshakeTimeoutMs);
        return "TLS handshake with " + origin + " failed: " + (reason == null ? "" : reason + " (")
            + original(cause) + (reason == null ? "" : ")");
    }

    /** The plain words for the usual failures, null for the others. */
    private static String reason(final Throwable cause, final CaFile caFile, final long handshakeTimeoutMs) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof SslHandshakeTimeoutException) {
                return "no handshake within connect_timeout " + handshakeTimeoutMs + " ms";
            }
            if (t instanceof NotSslRecordException) {
                return "the server does not speak TLS on this port";
            }
            if (t instanceof CertificateExpiredException || t instanceof CertificateNotYetValidException) {
                return EXPIRED;
            }
            if (t instanceof CertPathValidatorException v) {
                return validation(v.getReason(), caFile);
            }
            if (t instanceof CertPathBuilderException) {
                return untrusted(caFile);
            }
            final String message = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
            if (message.contains("no subject alternative") || message.contains("no name matching")) {
                return "the server's certificate is for another host name";
            }
        }
        return null;
    }

    private static String validation(final CertPathValidatorException.Reason reason, final CaFile caFile) {
        if (reason == BasicReason.EXPIRED || reason == BasicReason.NOT_YET_VALID) {
            return EXPIRED;
        }
        if (reason == BasicReason.INVALID_SIGNATURE || reason == PKIXReason.NO_TRUST_ANCHOR
            || reason == PKIXReason.NAME_CHAINING) {
            return untrusted(caFile);
        }
        return "the server's certificate was rejected";
    }

    private static String untrusted(final CaFile caFile) {
        return "the server's certificate is not trusted (" + (caFile == null
            ? "no CA of the JDK's default trust store signed it; set ca_file to trust a private CA"
            : "no certificate in ca_file " + caFile.path() + " signed it") + ")";
    }

    /** The first message in the chain that is not a wrapper's, else the root's class. */
    private static String original(final Throwable cause) {
        Throwable last = cause;
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (!(t instanceof DecoderException) && t.getMessage() != null && !t.getMessage().isBlank()) {
                return t.getMessage().strip().replaceAll("\\s+", " ");
            }
            last = t;
        }
        return last.getClass().getSimpleName();
    }
}
