package io.satbus.core.zmq;

import io.satbus.core.security.CurveKey;
import org.zeromq.ZMQ;

/**
 * The client half of CURVE on a satbus socket (docs/security.md): which server to trust and
 * which key to prove. Stateless; call before the socket connects, on the thread that owns it.
 */
public final class Curve {
    private Curve() {
    }

    /**
     * Makes {@code socket} a CURVE client of the server whose public key is {@code server}'s,
     * proving {@code own} (which must have its secret half).
     */
    public static void client(final ZMQ.Socket socket, final CurveKey own, final CurveKey server) {
        if (!own.hasSecret()) {
            throw new IllegalArgumentException("key " + own.name() + " : public half only (expected: its secret key file, "
                + own.name() + ".key_secret)");
        }
        socket.setCurveServerKey(ZMQ.Curve.z85Decode(server.publicKey()));
        socket.setCurvePublicKey(ZMQ.Curve.z85Decode(own.publicKey()));
        socket.setCurveSecretKey(ZMQ.Curve.z85Decode(own.secretKey()));
    }
}
