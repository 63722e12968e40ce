package io.satbus.satellites.firehose;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.NotSslRecordException;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Path;
import java.security.cert.CertificateExpiredException;
import java.util.List;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

class TlsFailureTest {
    private static final String ORIGIN = "https://api.example.com:443";

    private static SSLHandshakeException handshake(final String message, final Throwable cause) {
        final SSLHandshakeException e = new SSLHandshakeException(message);
        e.initCause(cause);
        return e;
    }

    @Test
    void anExpiredCertificateIsSaidSoWithTheJdksMessage() {
        final Throwable cause = new DecoderException(handshake("PKIX path validation failed: validity check failed",
            new CertificateExpiredException("NotAfter: Mon Jan 01 00:00:00 UTC 2024")));
        assertEquals("TLS handshake with " + ORIGIN + " failed: the server's certificate has expired or is not valid"
            + " yet (PKIX path validation failed: validity check failed)", TlsFailure.describe(ORIGIN, cause, null, 5000));
    }

    @Test
    void aPlainTextServerIsSaidNotToSpeakTls() {
        assertEquals("TLS handshake with " + ORIGIN + " failed: the server does not speak TLS on this port (not an"
            + " SSL/TLS record: 485454502f312e31)", TlsFailure.describe(ORIGIN,
            new DecoderException(new NotSslRecordException("not an SSL/TLS record: 485454502f312e31")), null, 5000));
    }

    @Test
    void theCaFileIsNamedWhenItDidNotSignTheCertificate() {
        final CaFile ca = new CaFile(Path.of("/etc/satbus/ca.pem"), List.of());
        final Throwable cause = handshake("PKIX path building failed: unable to find valid certification path",
            new java.security.cert.CertPathBuilderException("unable to find valid certification path"));
        assertEquals("TLS handshake with " + ORIGIN + " failed: the server's certificate is not trusted (no"
            + " certificate in ca_file /etc/satbus/ca.pem signed it) (PKIX path building failed: unable to find valid"
            + " certification path)", TlsFailure.describe(ORIGIN, cause, ca, 5000));
    }

    @Test
    void anUnknownFailureKeepsItsOwnWordsOnOneLine() {
        assertEquals("TLS handshake with " + ORIGIN + " failed: Received fatal alert: handshake_failure",
            TlsFailure.describe(ORIGIN, handshake("Received fatal alert:\n handshake_failure", null), null, 5000));
        assertEquals("TLS handshake with " + ORIGIN + " failed: ClosedChannelException",
            TlsFailure.describe(ORIGIN, new ClosedChannelException(), null, 5000));
    }
}
