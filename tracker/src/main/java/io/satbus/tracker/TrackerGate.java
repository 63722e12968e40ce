package io.satbus.tracker;

import io.satbus.core.security.CurveKey;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * The tracker link's half of CURVE (docs/security.md): over TCP with security on, the link's
 * ROUTER is a CURVE server holding the orchester's key, and this ZAP handler (rfc.zeromq.org spec
 * 27, on {@value #ZAP_ENDPOINT} of the tracker's context) admits the orchester's public key only.
 * Any other key's connection ends in the handshake and never carries an event; refusals are
 * counted ({@link #refused()}) and logged at the 1st, 2nd, 4th, 8th... time.
 *
 * <p>Owned by the tracker thread. NOT thread safe.
 */
final class TrackerGate {
    static final String ZAP_ENDPOINT = "inproc://zeromq.zap.01";
    static final String DOMAIN = "tracker";
    private static final Logger LOG = LoggerFactory.getLogger(TrackerGate.class);
    private static final byte[] VERSION = "1.0".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EMPTY = new byte[0];

    private final ZMQ.Socket zap;
    private final CurveKey orchester;
    private final List<byte[]> frames = new ArrayList<>(9);
    private volatile long refused;

    private TrackerGate(final ZMQ.Socket zap, final CurveKey orchester) {
        this.zap = zap;
        this.orchester = orchester;
    }

    /** Binds the handler in {@code context} and makes {@code link} a CURVE server checked by it; before {@code link} binds. */
    static TrackerGate secure(final ZContext context, final ZMQ.Socket link, final CurveKey orchester) {
        if (!orchester.hasSecret()) {
            throw new TrackerBindException("security.orchester_key : only the public key of " + orchester.name()
                + " was found (expected: its secret key file on the tracker's host; the link uses the orchester's key)",
                null);
        }
        final ZMQ.Socket zap = context.createSocket(SocketType.ROUTER);
        zap.setLinger(0);
        if (!zap.bind(ZAP_ENDPOINT)) {
            context.destroySocket(zap);
            throw new TrackerBindException("tracker ZAP handler : " + ZAP_ENDPOINT + " could not be bound (expected: "
                + "one secured tracker per ZeroMQ context)", null);
        }
        link.setZapDomain(DOMAIN);
        link.setCurveServer(true);
        link.setCurvePublicKey(ZMQ.Curve.z85Decode(orchester.publicKey()));
        link.setCurveSecretKey(ZMQ.Curve.z85Decode(orchester.secretKey()));
        return new TrackerGate(zap, orchester);
    }

    ZMQ.Socket socket() {
        return zap;
    }

    /** Connections refused: a key other than the orchester's, or no CURVE. */
    long refused() {
        return refused;
    }

    /** Answers the waiting ZAP requests; returns how many. */
    int drain() {
        int n = 0;
        byte[] frame;
        while ((frame = zap.recv(ZMQ.DONTWAIT)) != null) {
            frames.clear();
            frames.add(frame);
            while (zap.hasReceiveMore()) {
                frames.add(zap.recv(0));
            }
            answer();
            n++;
        }
        return n;
    }

    private void answer() {
        // [routing id][""][version][request id][domain][address][identity][mechanism][key]
        if (frames.size() < 9) {
            return;
        }
        final boolean curve = "CURVE".equals(new String(frames.get(7), StandardCharsets.US_ASCII))
            && frames.get(8).length == 32;
        final String key = curve ? ZMQ.Curve.z85Encode(frames.get(8)) : "(no CURVE key)";
        final boolean ok = curve && key.equals(orchester.publicKey());
        if (!ok) {
            refused++;
            if (Long.bitCount(refused) == 1) {
                LOG.warn("tracker link : connection from {} refused ({} so far): key {} (expected: the orchester's, {})",
                    new String(frames.get(5), StandardCharsets.UTF_8), refused, key, orchester.publicKey());
            }
        }
        zap.sendMore(frames.get(0));
        zap.sendMore(EMPTY);
        zap.sendMore(VERSION);
        zap.sendMore(frames.get(3));
        zap.sendMore(ok ? "200" : "400");
        zap.sendMore(ok ? "OK" : "not the orchester");
        zap.sendMore(ok ? orchester.name() : "");
        zap.send(EMPTY);
    }

    void close(final ZContext context) {
        context.destroySocket(zap);
    }
}
