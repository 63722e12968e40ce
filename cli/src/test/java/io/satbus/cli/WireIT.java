package io.satbus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satbus.core.security.KeyFiles;
import io.satbus.core.topology.SatelliteSpec;
import io.satbus.core.topology.Topology;
import io.satbus.core.topology.TopologyLoader;
import io.satbus.orchester.Orchester;
import io.satbus.orchester.OrchesterConfig;
import io.satbus.satellites.runtime.SatelliteFactory;
import io.satbus.satellites.runtime.SatelliteRuntime;
import io.satbus.testing.Eventually;
import io.satbus.testing.Ports;
import io.satbus.testing.TcpRelay;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What crosses the network between a satellite and the orchester, read from the raw TCP bytes
 * through a loopback relay the test controls: with security on, no payload is readable; without,
 * it is (so the check can fail).
 */
class WireIT {
    private static final String PAYLOAD = "classified-payload-7f3a";
    private static final int COUNT = 200;

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void withSecurityOnNoPayloadCrossesTheWireReadable() throws Exception {
        final String wire = new String(run(true), StandardCharsets.ISO_8859_1);
        assertFalse(wire.contains(PAYLOAD), "a payload crossed the wire in clear text");
        assertFalse(wire.contains("MDPW01") || wire.contains("MDPC01"), "the protocol crossed the wire in clear text");
        assertTrue(wire.contains("CURVE"), "the ZMTP greeting names CURVE");
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void withSecurityOffThePayloadIsReadableOnTheWire() throws Exception {
        final String wire = new String(run(false), StandardCharsets.ISO_8859_1);
        assertTrue(wire.contains(PAYLOAD), "the relay saw no payload: it did not relay the satellites' traffic");
    }

    /** Runs gen -> out with both satellites reaching the service endpoint through a relay; the relayed bytes. */
    private byte[] run(final boolean secure) throws Exception {
        if (secure) {
            for (String name : List.of("orchester", "supervisor", "gen", "out")) {
                KeyFiles.create(dir.resolve("keys"), name);
            }
        }
        final int[] ports = Ports.freePorts(3);
        final String body = "satellites:\n"
            + "  gen: { type: generator, send_to: out, config: { count: " + COUNT + ", payload: " + PAYLOAD + " } }\n"
            + "  out: { type: sink, config: { path: out/wire.txt } }\n"
            + (secure ? "security: { keys: keys }\n" : "");
        final Path real = dir.resolve("real.yaml");
        Files.writeString(real, "name: wire\norchester: { host: 127.0.0.1, service_port: " + ports[0] + ", pub_port: "
            + ports[1] + ", sub_port: " + ports[2] + " }\n" + body);
        try (Orchester orchester = Orchester.start(OrchesterConfig.from(TopologyLoader.load(real)));
             TcpRelay relay = new TcpRelay(ports[0])) {
            final Path relayed = dir.resolve("relayed.yaml");
            Files.writeString(relayed, "name: wire\norchester: { host: 127.0.0.1, service_port: " + relay.port()
                + ", pub_port: " + ports[1] + ", sub_port: " + ports[2] + " }\n" + body);
            final Topology t = TopologyLoader.load(relayed);
            final SatelliteSpec out = t.satellite("out");
            final SatelliteSpec gen = t.satellite("gen");
            try (SatelliteRuntime sink = SatelliteRuntime.start(t, out, 0, SatelliteFactory.create(out, dir), dir);
                 SatelliteRuntime source = SatelliteRuntime.start(t, gen, 0, SatelliteFactory.create(gen, dir), dir)) {
                final Path file = dir.resolve("out/wire.txt");
                final GrowingFile sunk = new GrowingFile(file);
                Eventually.waitUntil("the sink to get " + COUNT + " messages", 60_000, () -> sunk.lines() >= COUNT,
                    () -> sunk.lines() + " so far");
                assertEquals(COUNT, Files.readAllLines(file).size());
                assertTrue(Files.readString(file).contains(PAYLOAD), "the sink wrote the payloads");
                // Closed only once every send is acknowledged, so that the run accounts for all of them.
                Eventually.waitUntil("the generator's " + COUNT + " sends to be acknowledged", 60_000,
                    () -> source.stats().acked() >= COUNT, () -> source.stats().acked() + " so far");
            }
            return relay.seen();
        }
    }
}
