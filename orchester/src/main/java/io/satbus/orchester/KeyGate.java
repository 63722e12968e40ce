package io.satbus.orchester;

import io.satbus.core.security.CurveKey;
import io.satbus.core.security.KeyFileException;
import io.satbus.core.security.KeyFiles;
import io.satbus.core.security.Rights;
import io.satbus.core.security.SecuritySpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * The orchester's half of CURVE (docs/security.md): makes its three endpoints CURVE servers, and
 * answers their ZAP requests (rfc.zeromq.org spec 27) on {@value #ZAP_ENDPOINT} in the orchester's
 * context, in its own loop, so that admitting a key and routing by its rights share one thread.
 *
 * <pre>
 * ZAP request  [""]["1.0"][request id][domain][address][routing id]["CURVE"][client public key: 32 bytes]
 * ZAP reply    [""]["1.0"][request id]["200" or "400"][status text][user id: the key's name][metadata: ""]
 * </pre>
 * A key not in the allow-list is refused (400), counted {@code refused_keys} and logged
 * rate-limited with the peer's address and public key: its connection ends in the handshake and
 * never carries a message. A known key is refused on the publisher endpoint without a right to
 * publish, and on the subscriber endpoint without one to subscribe (counted {@code forbidden}).
 * Every message that passes carries its key's name as ZeroMQ's {@code User-Id} property, which
 * the loop turns into the key's {@link Rights} ({@link #rightsOf}).
 *
 * <p>Owned by the orchester thread. NOT thread safe.
 */
final class KeyGate {
    private static final Logger LOG = LoggerFactory.getLogger(KeyGate.class);
    /** Where ZeroMQ sends the ZAP requests of every socket of the context (spec 27). */
    static final String ZAP_ENDPOINT = "inproc://zeromq.zap.01";
    static final String SERVICE_DOMAIN = "service";
    static final String PUB_DOMAIN = "pub";
    static final String SUB_DOMAIN = "sub";
    /** The link between the two orchesters of a pair: the orchester's own key only. */
    static final String PEER_DOMAIN = "peer";
    private static final byte[] VERSION = "1.0".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] OK = "200".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DENIED = "400".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EMPTY = new byte[0];

    /** How often the keys folder is looked at for a change (a key added, rotated or removed). */
    static final long RELOAD_CHECK_MS = 2000;

    private final ZMQ.Socket zap;
    private final CurveKey serverKey;
    /** Public key (Z85) to name: replaced whole when the keys folder changes. */
    private Map<String, String> names;
    /** The names admitted now; a message from a connection whose key's name was removed gets no rights. */
    private Set<String> admitted;
    private final Path keysDir;
    private String keysStamp;
    private long nextReloadCheckMs = Long.MIN_VALUE;
    private final Map<String, Rights> rights;
    private final WarnLimiter warn;
    private final List<byte[]> frames = new ArrayList<>(8);
    /** Where refusals are counted: the orchester's totals. */
    private Consumer<Counter> counter = c -> { };
    /** The last User-Id looked up and its rights: a run of messages mostly comes from one peer. */
    private String lastUserId;
    private Rights lastRights;

    private KeyGate(final ZMQ.Socket zap, final SecuritySpec security, final WarnLimiter warn) {
        this.zap = zap;
        this.serverKey = security.orchesterKey();
        this.names = security.byPublicKey();
        this.admitted = Set.copyOf(names.values());
        this.keysDir = security.keysDir();
        this.keysStamp = keysDir == null ? null : KeyFiles.folderStamp(keysDir);
        this.rights = new HashMap<>(security.rights());
        this.warn = warn;
    }

    /** Binds the ZAP handler in {@code context}; the orchester's secret key must be known here. */
    static KeyGate bind(final ZContext context, final SecuritySpec security, final WarnLimiter warn,
                        final List<ZMQ.Socket> opened) {
        if (!security.orchesterKey().hasSecret()) {
            throw new OrchesterBindException("security.orchester_key : only the public key of "
                + security.orchesterKey().name() + " was found (expected: its secret key file on the orchester's host)",
                null);
        }
        final ZMQ.Socket zap = context.createSocket(SocketType.ROUTER);
        opened.add(zap);
        zap.setLinger(0);
        if (!zap.bind(ZAP_ENDPOINT)) {
            throw new OrchesterBindException("orchester ZAP handler : " + ZAP_ENDPOINT + " could not be bound (expected: "
                + "one secured orchester per ZeroMQ context)", null);
        }
        return new KeyGate(zap, security, warn);
    }

    /** Makes {@code socket} a CURVE server whose connections are checked here under {@code domain}; before it binds. */
    void secure(final ZMQ.Socket socket, final String domain) {
        socket.setZapDomain(domain);
        socket.setCurveServer(true);
        socket.setCurvePublicKey(ZMQ.Curve.z85Decode(serverKey.publicKey()));
        socket.setCurveSecretKey(ZMQ.Curve.z85Decode(serverKey.secretKey()));
    }

    ZMQ.Socket socket() {
        return zap;
    }

    /** Counts refusals with {@code count}: {@link Counter#REFUSED_KEYS} and {@link Counter#FORBIDDEN}. */
    void countWith(final Consumer<Counter> count) {
        this.counter = count;
    }

    /** The rights of the key named {@code userId} (a message's User-Id); nothing for a name not admitted. */
    Rights rightsOf(final String userId) {
        if (userId == null) {
            return Rights.NONE;
        }
        if (!userId.equals(lastUserId)) {
            lastUserId = userId;
            lastRights = admitted.contains(userId) ? rights.getOrDefault(userId, Rights.NONE) : Rights.NONE;
        }
        return lastRights;
    }

    /**
     * Every {@link #RELOAD_CHECK_MS}, reads the keys folder again if a {@code NAME.key} in it was
     * added, removed or rewritten: new connections are then checked against the new allow-list.
     * A folder with a bad file keeps the old list (logged). Rights stay the topology's, by name.
     *
     * @return 1 when the list was replaced, else 0
     */
    int reloadIfChanged(final long nowMs) {
        if (keysDir == null || nowMs < nextReloadCheckMs) {
            return 0;
        }
        nextReloadCheckMs = nowMs + RELOAD_CHECK_MS;
        final String stamp = KeyFiles.folderStamp(keysDir);
        if (stamp.equals(keysStamp)) {
            return 0;
        }
        try {
            final Map<String, String> fresh = new HashMap<>();
            KeyFiles.readFolder(keysDir).forEach((name, k) -> fresh.put(k.publicKey(), name));
            names = fresh;
            admitted = Set.copyOf(fresh.values());
            lastUserId = null;
            keysStamp = stamp;
            LOG.info("security.keys : {} read again, {} keys admitted from now on", keysDir, fresh.size());
            return 1;
        } catch (KeyFileException ex) {
            warn.warn(nowMs, "security.keys : {} changed but kept as it was: {}", keysDir, ex.getMessage());
            return 0;
        }
    }

    /** Answers up to {@code limit} waiting ZAP requests; returns how many. */
    int drain(final long nowMs, final int limit) {
        int n = 0;
        while (n < limit && read()) {
            n++;
            answer(nowMs);
        }
        return n;
    }

    private boolean read() {
        frames.clear();
        byte[] frame = zap.recv(ZMQ.DONTWAIT);
        if (frame == null) {
            return false;
        }
        frames.add(frame);
        while (zap.hasReceiveMore()) {
            frames.add(zap.recv(0));
        }
        return true;
    }

    private void answer(final long nowMs) {
        // [routing id][""][version][request id][domain][address][identity][mechanism][key...]
        if (frames.size() < 9 || frames.get(1).length != 0) {
            warn.warn(nowMs, "ZAP request of {} frames dropped (expected: 9, spec 27)", frames.size());
            return;
        }
        final byte[] requestId = frames.get(3);
        final String domain = new String(frames.get(4), StandardCharsets.UTF_8);
        final String address = new String(frames.get(5), StandardCharsets.UTF_8);
        final String mechanism = new String(frames.get(7), StandardCharsets.US_ASCII);
        if (!"CURVE".equals(mechanism) || frames.get(8).length != 32) {
            counter.accept(Counter.REFUSED_KEYS);
            warn.warn(nowMs, "{} : connection from {} refused: mechanism {} (expected: CURVE)", domain, address, mechanism);
            reply(requestId, DENIED, "CURVE only", EMPTY);
            return;
        }
        final String publicKey = ZMQ.Curve.z85Encode(frames.get(8));
        if (PEER_DOMAIN.equals(domain)) {
            if (publicKey.equals(serverKey.publicKey())) {
                reply(requestId, OK, "OK", EMPTY);
            } else {
                counter.accept(Counter.REFUSED_KEYS);
                warn.warn(nowMs, "{} : connection from {} refused: key {} (expected: the orchester's own key, the "
                    + "other orchester of the pair)", domain, address, publicKey);
                reply(requestId, DENIED, "not the peer", EMPTY);
            }
            return;
        }
        final String name = names.get(publicKey);
        if (name == null) {
            counter.accept(Counter.REFUSED_KEYS);
            warn.warn(nowMs, "{} : connection from {} refused: unknown key {} (expected: a key in security.keys)",
                domain, address, publicKey);
            reply(requestId, DENIED, "unknown key", EMPTY);
            return;
        }
        final Rights r = rights.getOrDefault(name, Rights.NONE);
        if (PUB_DOMAIN.equals(domain) && !r.mayPublishAny() || SUB_DOMAIN.equals(domain) && !r.maySubscribe()) {
            counter.accept(Counter.FORBIDDEN);
            warn.warn(nowMs, "{} : connection from {} refused: key {} may not {} (expected: a key with a {} right)",
                domain, address, name, PUB_DOMAIN.equals(domain) ? "publish" : "subscribe",
                PUB_DOMAIN.equals(domain) ? "publish" : "subscribe");
            reply(requestId, DENIED, "no right", EMPTY);
            return;
        }
        reply(requestId, OK, "OK", name.getBytes(StandardCharsets.UTF_8));
    }

    private void reply(final byte[] requestId, final byte[] status, final String text, final byte[] userId) {
        zap.sendMore(frames.get(0));
        zap.sendMore(EMPTY);
        zap.sendMore(VERSION);
        zap.sendMore(requestId);
        zap.sendMore(status);
        zap.sendMore(text.getBytes(StandardCharsets.US_ASCII));
        zap.sendMore(userId);
        zap.send(EMPTY);
    }
}
