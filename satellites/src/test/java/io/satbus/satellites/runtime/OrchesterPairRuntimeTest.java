package io.satbus.satellites.runtime;

import static io.satbus.satellites.runtime.FakeOrchester.assertWorkerCommand;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.satbus.core.protocol.Mdp;
import io.satbus.core.topology.BackupSpec;
import io.satbus.core.topology.SatelliteSpec;
import io.satbus.core.topology.Topology;
import io.satbus.satellites.api.Satellite;
import io.satbus.testing.Ports;
import io.satbus.testing.RawMdp;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The runtime with an orchester pair: it turns to the other orchester when told DISCONNECT or when one never answers. */
class OrchesterPairRuntimeTest {
    private final FakeOrchester primary = new FakeOrchester();
    private final FakeOrchester backup = new FakeOrchester();
    private SatelliteRuntime runtime;
    private final Satellite idle = (message, out) -> out.reply("text/plain", new byte[0]);

    @AfterEach
    void tearDown() {
        if (runtime != null) {
            runtime.close();
        }
        primary.close();
        backup.close();
    }

    /** {@code primaryServicePort} as the primary's service port, {@link #backup} as its backup. */
    private Topology pair(final int primaryServicePort, final SatelliteSpec spec) {
        final Topology one = primary.topology(100, 5, spec);
        return one.with(one.orchester().withPorts(primaryServicePort, primary.pubPort, primary.subPort)
            .withBackup(new BackupSpec("127.0.0.1", backup.servicePort, backup.pubPort, backup.subPort, 5673,
                "127.0.0.1", 5673)), one.satellites());
    }

    @Test
    @Timeout(30)
    void aWorkerToldDisconnectByAPassiveOrchesterTurnsToTheOtherAndRegistersThere() throws Exception {
        final SatelliteSpec spec = Specs.worker("echo", null, Map.of());
        runtime = SatelliteRuntime.start(pair(primary.servicePort, spec), spec, 0, idle, Path.of("."));
        final List<byte[]> ready = primary.nextNonHeartbeat();
        assertWorkerCommand(ready, Mdp.READY);
        // The primary refuses, as a passive orchester does.
        primary.router.sendMore(ready.get(0));
        primary.router.sendMore(new byte[0]);
        primary.router.sendMore(Mdp.WORKER_BYTES);
        primary.router.send(new byte[] {Mdp.DISCONNECT});
        assertWorkerCommand(backup.nextNonHeartbeat(), Mdp.READY);
    }

    @Test
    @Timeout(30)
    void anOrchesterThatNeverAnswersIsGivenUpForTheOtherAfterTheExpiry() throws Exception {
        final int dead = Ports.freePort();
        final SatelliteSpec spec = Specs.worker("echo", null, Map.of());
        runtime = SatelliteRuntime.start(pair(dead, spec), spec, 0, idle, Path.of("."));
        // heartbeat 100 ms x 5: the connection to the dead port is given up after 500 ms.
        assertWorkerCommand(backup.nextNonHeartbeat(), Mdp.READY);
    }

    @Test
    @Timeout(30)
    void aSubscriberSubscribesAtBothOrchestersSoWhicheverIsActiveFeedsItWithoutSubscribingAgain() throws Exception {
        final SatelliteSpec spec = Specs.topics("watch", List.of(), List.of("events"));
        runtime = SatelliteRuntime.start(pair(primary.servicePort, spec), spec, 0, idle, Path.of("."));
        for (FakeOrchester o : List.of(primary, backup)) {
            final List<byte[]> subscription = RawMdp.receive(o.xpub, FakeOrchester.RECEIVE_TIMEOUT_MS);
            assertNotNull(subscription, "no subscription reached an orchester");
            assertEquals("\u0001events", RawMdp.text(subscription.get(0)));
        }
    }
}
