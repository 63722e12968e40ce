package io.satbus.orchester;

import static io.satbus.testing.RawMdp.MDPW01;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satbus.core.topology.Topology;
import io.satbus.core.topology.TopologyLoader;
import io.satbus.testing.Eventually;
import io.satbus.testing.Ports;
import io.satbus.testing.RawMdp;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.zeromq.ZContext;

/**
 * Two real orchesters of a pair on 127.0.0.1, in this process: they agree who is active over
 * the peer link, the passive one refuses workers and clients and routes nothing, and it takes
 * over only once the active one is gone and a worker turns to it.
 */
class OrchesterPairTest {
    private static final long EXPIRY_MS = 1_000;
    /** A probe's waits: one state message per look. */
    private static final Eventually.Polling PROBING = Eventually.every(java.time.Duration.ofMillis(100));

    private static Topology pair() throws Exception {
        return pair(4);
    }

    /** A pair on free ports, its heartbeat 250 ms, its expiry {@code liveness} heartbeats. */
    private static Topology pair(final int liveness) throws Exception {
        // seven distinct ports, free now
        final int[] p = Ports.freePorts(7);
        return TopologyLoader.parse("name: pair\n"
            + "orchester: { host: 127.0.0.1, service_port: " + p[0] + ", pub_port: " + p[1] + ", sub_port: " + p[2]
            + ", heartbeat_interval: 250ms, heartbeat_liveness: " + liveness + ",\n"
            + "  backup: { host: 127.0.0.1, service_port: " + p[3] + ", pub_port: " + p[4] + ", sub_port: " + p[5]
            + ", peer_port: " + p[6] + " } }\n"
            + "satellites: { echo: { type: sink } }\n", "pair.yaml");
    }

    private static String state(final Orchester o) {
        final OrchesterStatus.PairStatus p = o.status().pair();
        return p == null ? null : p.state();
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void thePassiveRefusesUntilTheActiveIsGoneThenAWorkerMakesItActive() throws Exception {
        final Topology t = pair();
        final String backupEndpoint = t.orchester().serviceEndpoints().get(1);
        try (ZContext ctx = new ZContext(1);
             Orchester backup = Orchester.start(OrchesterConfig.from(t, PairRole.BACKUP))) {
            final Orchester primary = Orchester.start(OrchesterConfig.from(t, PairRole.PRIMARY));
            try {
                Eventually.waitUntil("the primary active and the backup passive", 20_000,
                    () -> "active".equals(state(primary)) && "passive".equals(state(backup)));
                assertEquals("primary", primary.status().pair().role());

                // A worker that turns to the passive one is told DISCONNECT and not registered.
                try (RawMdp.Worker w = new RawMdp.Worker(ctx, backupEndpoint, "echo", 250)) {
                    final List<byte[]> m = RawMdp.receive(w.socket, 10_000);
                    assertNotNull(m, "no answer from the passive orchester");
                    assertArrayEquals(MDPW01, m.get(1));
                    assertArrayEquals(new byte[] {0x05}, m.get(2), "DISCONNECT");
                }
                assertEquals(0, backup.status().workers());
                assertEquals("passive", state(backup));
                // The admin service answers on the passive one too, routing nothing.
                try (RawMdp.Client c = new RawMdp.Client(ctx, backupEndpoint)) {
                    c.request(io.satbus.core.protocol.Mdp.ADMIN_SERVICE, RawMdp.utf8("status"));
                    final List<byte[]> reply = c.reply(io.satbus.core.protocol.Mdp.ADMIN_SERVICE, 10_000);
                    assertNotNull(reply);
                    final OrchesterStatus.PairStatus told = OrchesterStatus.fromJson(RawMdp.text(reply.get(0))).pair();
                    assertEquals("backup", told.role());
                    assertEquals("passive", told.state());
                    assertEquals("active", told.peerState());
                }
                assertEquals("passive", state(backup));
            } finally {
                primary.close();
            }
            final long closedAt = System.currentTimeMillis();
            // A worker that turns to it before the primary's silence has lasted the expiry is refused.
            try (RawMdp.Worker early = new RawMdp.Worker(ctx, backupEndpoint, "echo", 250)) {
                final List<byte[]> m = RawMdp.receive(early.socket, 10_000);
                if (System.currentTimeMillis() - closedAt < EXPIRY_MS - 200) {
                    assertNotNull(m);
                    assertArrayEquals(new byte[] {0x05}, m.get(2), "DISCONNECT before the expiry");
                }
            }
            Eventually.waitUntil("the primary silent past the expiry", 20_000,
                () -> backup.status().pair().peerSilentMs() >= EXPIRY_MS);
            try (RawMdp.Worker w = new RawMdp.Worker(ctx, backupEndpoint, "echo", 250)) {
                Eventually.waitUntil("the backup active with the worker registered", 20_000,
                    () -> "active".equals(state(backup)) && backup.status().workers() == 1);
                assertEquals(1, backup.status().pair().failovers());
                try (RawMdp.Client c = new RawMdp.Client(ctx, backupEndpoint)) {
                    c.request("echo", RawMdp.utf8("hello"));
                    final List<byte[]> request = w.nextRequest(10_000);
                    assertNotNull(request, "the active backup routes");
                }
            }
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void withoutAPeerAPrimaryRoutesAloneOnlyAfterTheExpiry() throws Exception {
        // An expiry of 10 s: the first worker surely comes before it, on a slow machine too.
        final Topology t = pair(40);
        try (ZContext ctx = new ZContext(1);
             Orchester primary = Orchester.start(OrchesterConfig.from(t, PairRole.PRIMARY));
             RawMdp.Worker w = new RawMdp.Worker(ctx, t.orchester().serviceEndpoints().get(0), "echo", 250)) {
            final List<byte[]> first = RawMdp.receive(w.socket, 10_000);
            assertNotNull(first, "a starting primary refuses at once");
            assertArrayEquals(new byte[] {0x05}, first.get(2));
            assertEquals("primary", state(primary));
            Eventually.waitUntil("the primary's peer silent past the expiry", 30_000,
                () -> primary.status().pair().peerSilentMs() >= 10 * EXPIRY_MS);
            try (RawMdp.Worker again = new RawMdp.Worker(ctx, t.orchester().serviceEndpoints().get(0), "echo", 250)) {
                Eventually.waitUntil("the primary active alone", 20_000,
                    () -> "active".equals(state(primary)) && primary.status().workers() == 1);
                assertEquals(0, primary.status().pair().failovers());
                assertNull(primary.status().pair().peerState());
            }
        }
    }

    @Test
    void aSingleOrchesterHasNoPairInItsStatus() {
        try (Orchester o = Orchester.start(TestTopologies.config(1000, 3))) {
            assertNull(o.status().pair());
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aSecuredPairTalksOverCurveWithItsOwnKey(
        @org.junit.jupiter.api.io.TempDir final java.nio.file.Path dir) throws Exception {
        final io.satbus.core.security.CurveKey key = io.satbus.core.security.KeyFiles.create(dir.resolve("keys"), "orchester");
        final Topology t = pair().withSecurity(new io.satbus.core.security.SecuritySpec(key,
            java.util.Map.of("orchester", key.publicOnly()), java.util.Map.of(), dir.resolve("keys"), null, dir.resolve("keys")));
        try (Orchester backup = Orchester.start(OrchesterConfig.from(t, PairRole.BACKUP));
             Orchester primary = Orchester.start(OrchesterConfig.from(t, PairRole.PRIMARY))) {
            Eventually.waitUntil("each orchester hearing the other over CURVE", 20_000,
                () -> "active".equals(backup.status().pair().peerState())
                    && "passive".equals(primary.status().pair().peerState()));
        }
    }

    /**
     * Topics across a failover, with plain sockets as docs/protocol.md 2.8 tells: a PUB connected
     * to both orchesters' pub ports and a SUB to both sub ports, subscribed once. While the pair
     * stands, the SUB gets each message once (the passive orchester forwards none); once the
     * backup has taken over, what is published then reaches the SUB, once, without subscribing
     * again.
     */
    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void aSubscriberToBothGetsEachTopicMessageOnceBeforeAndAfterAFailover() throws Exception {
        final Topology t = pair();
        try (ZContext ctx = new ZContext(1);
             Orchester backup = Orchester.start(OrchesterConfig.from(t, PairRole.BACKUP))) {
            final org.zeromq.ZMQ.Socket pub = ctx.createSocket(org.zeromq.SocketType.PUB);
            final org.zeromq.ZMQ.Socket sub = ctx.createSocket(org.zeromq.SocketType.SUB);
            for (String e : t.orchester().pubEndpoints()) {
                pub.connect(e);
            }
            for (String e : t.orchester().subEndpoints()) {
                sub.connect(e);
            }
            sub.subscribe("events".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            final Orchester primary = Orchester.start(OrchesterConfig.from(t, PairRole.PRIMARY));
            try {
                Eventually.waitUntil("the primary active and the backup passive", 20_000,
                    () -> "active".equals(state(primary)) && "passive".equals(state(backup)));
                awaitTopicFlowing(pub, sub, "before");
                assertEachOnce(pub, sub, "before", 200);
            } finally {
                primary.close();
            }
            Eventually.waitUntil("the primary silent past the expiry", 20_000,
                () -> backup.status().pair().peerSilentMs() >= EXPIRY_MS);
            try (RawMdp.Worker w = new RawMdp.Worker(ctx, t.orchester().serviceEndpoints().get(1), "echo", 250)) {
                Eventually.waitUntil("the backup active", 20_000, () -> "active".equals(state(backup)));
                awaitTopicFlowing(pub, sub, "after");
                assertEachOnce(pub, sub, "after", 200);
            }
        }
    }

    /** Publishes probes until one comes through: the subscription has reached the publisher by the active one. */
    private static void awaitTopicFlowing(final org.zeromq.ZMQ.Socket pub, final org.zeromq.ZMQ.Socket sub,
                                          final String phase) {
        final String probe = "events probe " + phase;
        PROBING.waitUntil("a topic message through the active orchester (" + phase + ")", 20_000, () -> {
            pub.send(probe);
            String got;
            while ((got = sub.recvStr(org.zeromq.ZMQ.DONTWAIT)) != null) {
                if (got.equals(probe)) {
                    return true;
                }
            }
            return false;
        }, () -> "");
    }

    /** Publishes {@code n} numbered messages; the SUB gets each of them exactly once (probes aside). */
    private static void assertEachOnce(final org.zeromq.ZMQ.Socket pub, final org.zeromq.ZMQ.Socket sub,
                                       final String phase, final int n) {
        for (int i = 0; i < n; i++) {
            pub.send("events " + phase + " " + i);
        }
        pub.send("events " + phase + " end");
        final java.util.Map<String, Integer> seen = new java.util.HashMap<>();
        sub.setReceiveTimeOut(20_000);
        while (true) {
            final String got = sub.recvStr();
            assertNotNull(got, () -> "the end marker of " + phase + " never came; seen " + seen.size());
            if (got.equals("events " + phase + " end")) {
                seen.merge(got, 1, Integer::sum);
                break;
            }
            if (!got.startsWith("events probe")) {
                seen.merge(got, 1, Integer::sum);
            }
        }
        // The end marker comes once, after the others (one PUB, one path): a second copy of any
        // message would have come by the other orchester, so wait for its end marker a moment too.
        sub.setReceiveTimeOut(1_000);
        for (String got = sub.recvStr(); got != null; got = sub.recvStr()) {
            if (!got.startsWith("events probe")) {
                seen.merge(got, 1, Integer::sum);
            }
        }
        final List<String> twice = seen.entrySet().stream().filter(e -> e.getValue() > 1).map(java.util.Map.Entry::getKey)
            .sorted().toList();
        assertEquals(List.of(), twice, phase + ": received more than once (by both orchesters?)");
        assertTrue(seen.keySet().stream().allMatch(m -> m.startsWith("events " + phase + " ")), seen::toString);
        assertEquals(n + 1, seen.size(), () -> phase + ": " + seen.size() + " distinct of " + (n + 1));
        for (int i = 0; i < n; i++) {
            assertEquals(1, seen.getOrDefault("events " + phase + " " + i, 0), "events " + phase + " " + i);
        }
    }

    /**
     * A secured primary's peer port admits the orchester's own key alone: a stranger's CURVE
     * client that says ACTIVE there is refused in the handshake and counted, and the primary's
     * view of its peer does not move; the same probe with the orchester's key (the control) is
     * heard at once.
     */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aSecuredPeerPortRefusesAStrangerWhoClaimsToBeActive(
        @org.junit.jupiter.api.io.TempDir final java.nio.file.Path dir) throws Exception {
        final io.satbus.core.security.CurveKey key = io.satbus.core.security.KeyFiles.create(dir.resolve("keys"), "orchester");
        final io.satbus.core.security.CurveKey stranger = io.satbus.core.security.KeyFiles.create(dir.resolve("other"), "stranger");
        // An expiry of 10 s: the primary stays undecided (no peer heard) while the probes run.
        final Topology t = pair(40).withSecurity(new io.satbus.core.security.SecuritySpec(key,
            java.util.Map.of("orchester", key.publicOnly(), "stranger", stranger.publicOnly()), java.util.Map.of(),
            dir.resolve("keys"), null, dir.resolve("keys")));
        final String peer = OrchesterConfig.from(t, PairRole.PRIMARY).pair().peerEndpoint();
        try (ZContext ctx = new ZContext(1);
             Orchester primary = Orchester.start(OrchesterConfig.from(t, PairRole.PRIMARY))) {
            try (PeerProbe probe = new PeerProbe(ctx, peer, stranger, key)) {
                // Refused in the handshake (ZeroMQ does not connect it again after that), with its
                // state messages queued to go as soon as a connection was up.
                PROBING.waitUntil("the stranger refused and counted", 20_000, () -> {
                    probe.sayActive();
                    return primary.status().totals().refusedKeys() >= 1;
                }, () -> "refused keys " + primary.status().totals().refusedKeys() + ", " + primary.status().pair());
                assertNull(primary.status().pair().peerState(), "the primary heard the stranger");
                assertEquals("primary", state(primary));
            }
            try (PeerProbe control = new PeerProbe(ctx, peer, key, key)) {
                PROBING.waitUntil("the orchester's own key heard on the peer port", 20_000, () -> {
                    control.sayActive();
                    return "active".equals(primary.status().pair().peerState());
                }, () -> primary.status().pair().toString());
            }
        }
    }

    /** A DEALER on a primary's peer port that tells it, as a backup would, that it is ACTIVE. */
    private static final class PeerProbe implements AutoCloseable {
        private final ZContext ctx;
        private final org.zeromq.ZMQ.Socket socket;

        PeerProbe(final ZContext ctx, final String endpoint, final io.satbus.core.security.CurveKey own,
                  final io.satbus.core.security.CurveKey server) {
            this.ctx = ctx;
            this.socket = ctx.createSocket(org.zeromq.SocketType.DEALER);
            io.satbus.core.zmq.Curve.client(socket, own, server);
            socket.setLinger(0);
            socket.connect(endpoint);
        }

        /** One state message, queued until the connection is up. */
        void sayActive() {
            if (socket.send(PeerLink.PROTOCOL, org.zeromq.ZMQ.SNDMORE | org.zeromq.ZMQ.DONTWAIT)) {
                socket.send(new byte[] {(byte) PairState.State.ACTIVE.ordinal()}, org.zeromq.ZMQ.DONTWAIT);
            }
        }

        @Override
        public void close() {
            ctx.destroySocket(socket);
        }
    }
}
