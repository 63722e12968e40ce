package io.satbus.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class PortsTest {
    @Test
    void portsAreFreeOutsideTheEphemeralRangeAndNeverHandedOutTwice() throws IOException {
        final int[] ephemeral = Ports.ephemeralRange();
        final Set<Integer> seen = new HashSet<>();
        for (int round = 0; round < 20; round++) {
            final int[] ports = round % 2 == 0 ? Ports.freePorts(5) : new int[] {Ports.freePort()};
            for (final int port : ports) {
                assertTrue(port < ephemeral[0] || port > ephemeral[1],
                    () -> port + " is in the ephemeral range " + ephemeral[0] + "-" + ephemeral[1]
                        + ", where an outgoing connection may take it");
                assertTrue(seen.add(port), () -> port + " handed out twice");
                try (ServerSocket s = new ServerSocket()) {
                    s.bind(new InetSocketAddress(InetAddress.getByName(Ports.HOST), port), 1);
                    assertEquals(port, s.getLocalPort());
                }
            }
        }
        assertEquals(60, seen.size());
    }
}
