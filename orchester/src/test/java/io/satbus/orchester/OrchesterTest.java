package io.satbus.orchester;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satbus.core.topology.OrchesterSpec;
import io.satbus.core.topology.Topology;
import io.satbus.testing.Eventually;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Lifecycle: start, bind clash, status, close. */
@Timeout(20)
class OrchesterTest {

    @Test
    void onlyLoopbackAddressesPassWithoutTheWarningAboutSecurity() {
        for (String h : new String[] {"127.0.0.1", "127.1.2.3", "localhost", "::1", "[::1]"}) {
            assertTrue(Orchester.isLoopback(h), h);
        }
        for (String h : new String[] {"0.0.0.0", "*", "10.0.0.5", "orchester.example", "::"}) {
            assertFalse(Orchester.isLoopback(h), h);
        }
    }

    @Test
    void refusesToStartOnAPortInUseWithAClearMessage() {
        final OrchesterConfig config = TestTopologies.config(1000, 3);
        try (Orchester first = Orchester.start(config)) {
            final OrchesterBindException ex = assertThrows(OrchesterBindException.class, () -> Orchester.start(config));
            assertEquals("orchester service_port : 127.0.0.1:" + config.servicePort() + " is already in use (expected: "
                + "a free port; is another orchester running?)", ex.getMessage());
            assertEquals(0, ex.getStackTrace().length, "no stack trace for the user");
            assertEquals("test", first.status().topology(), "the first one still runs");
        }
    }

    @Test
    void namesTheEndpointThatClashes() {
        final OrchesterConfig config = TestTopologies.config(1000, 3);
        try (Orchester first = Orchester.start(config)) {
            final Topology t = TestTopologies.topology("other", 1000, 3, 1 << 20, 2, Map.of());
            final OrchesterSpec clash = t.orchester().withPorts(t.orchester().servicePort(), t.orchester().pubPort(),
                config.subPort());
            final OrchesterConfig second = OrchesterConfig.from(new Topology("other", "<test>", clash, t.tracker(),
                t.satellites()));
            final OrchesterBindException ex = assertThrows(OrchesterBindException.class, () -> Orchester.start(second));
            assertTrue(ex.getMessage().startsWith("orchester sub_port : 127.0.0.1:" + config.subPort()), ex.getMessage());
            // The clash released what it had bound: the same service port can be bound again.
            Orchester.start(OrchesterConfig.from(new Topology("third", "<test>", t.orchester(), t.tracker(),
                t.satellites()))).close();
        }
    }

    @Test
    void closesIdempotentlyAndKeepsTheLastStatus() {
        final Orchester o = Orchester.start(TestTopologies.config(1000, 3));
        assertTrue(o.status().drained());
        o.close();
        o.close();
        assertEquals("test", o.status().topology());
        // Its ports are free again.
        Orchester.start(o.config()).close();
    }

    @Test
    void itsLivenessTurnsWhileItRunsAndSaysStoppedOnceClosed() {
        final Orchester o = Orchester.start(TestTopologies.config(1000, 3));
        final long started = System.currentTimeMillis();
        Eventually.waitUntil("a round after start", 5_000, () -> o.liveness().lastTurnMs() >= started);
        assertTrue(o.liveness().alive(System.currentTimeMillis()));
        assertEquals(Orchester.LOOP_NAME, o.liveness().name());
        o.close();
        assertEquals("stopped", o.liveness().death());
        assertFalse(o.liveness().alive(System.currentTimeMillis()), "/health must not say ok for a closed orchester");
    }
}
