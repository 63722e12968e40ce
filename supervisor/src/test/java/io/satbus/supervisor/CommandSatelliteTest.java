package io.satbus.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satbus.core.topology.Topology;
import io.satbus.core.topology.TopologyException;
import io.satbus.core.topology.TopologyLoader;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a command satellite is started with: argv, folder and the SATBUS_* environment of the contract. */
class CommandSatelliteTest {
    private static final String TOPOLOGY = """
        name: shouting
        orchester: { host: 10.0.0.1, service_port: 6000, pub_port: 6001, sub_port: 6002, heartbeat_interval: 250ms,
                     heartbeat_liveness: 4 }
        tracker: { timeout: 2s, max_retries: 1 }
        satellites:
          gen:   { type: generator, send_to: shout }
          shout: { command: [python3, shout.py, -v], instances: 2, send_to: out, publish: [a, "b,c"], subscribe: "",
                   credit: 7, timeout: 3s, dedup_window: 5000, config: { marks: 3, words: [x, y] } }
          out:   { type: sink }
          feed:  { command: [./feed], service: off, send_to: out }
        """;

    @TempDir
    Path dir;

    private static Topology topology() throws TopologyException {
        return TopologyLoader.parse(TOPOLOGY, "t.yaml");
    }

    @Test
    void environmentSaysWhoItIsWhereToConnectAndHowItIsWired() throws TopologyException {
        final Topology t = topology();
        final Map<String, String> env = CommandSatellite.environment(t, t.satellite("shout"), 1, 200);
        assertEquals(List.of("SATBUS_TOPOLOGY", "SATBUS_SATELLITE", "SATBUS_INSTANCE", "SATBUS_ORCHESTER", "SATBUS_PUB",
            "SATBUS_SUB", "SATBUS_SERVICE", "SATBUS_SEND_TO", "SATBUS_PUBLISH", "SATBUS_SUBSCRIBE", "SATBUS_CREDIT",
            "SATBUS_TIMEOUT_MS", "SATBUS_ACK_TIMEOUT_MS", "SATBUS_DEDUP_WINDOW", "SATBUS_HEARTBEAT_INTERVAL_MS", "SATBUS_HEARTBEAT_LIVENESS",
            "SATBUS_CONFIG", "SATBUS_REPORT_INTERVAL_MS"), List.copyOf(env.keySet()), "the documented variables, in order");
        assertEquals("shouting", env.get("SATBUS_TOPOLOGY"));
        assertEquals("shout", env.get("SATBUS_SATELLITE"));
        assertEquals("1", env.get("SATBUS_INSTANCE"));
        assertEquals("tcp://10.0.0.1:6000", env.get("SATBUS_ORCHESTER"));
        assertEquals("tcp://10.0.0.1:6001", env.get("SATBUS_PUB"));
        assertEquals("tcp://10.0.0.1:6002", env.get("SATBUS_SUB"));
        assertEquals("shout", env.get("SATBUS_SERVICE"));
        assertEquals("out", env.get("SATBUS_SEND_TO"));
        assertEquals("[\"a\",\"b,c\"]", env.get("SATBUS_PUBLISH"), "JSON: a topic may hold a comma");
        assertEquals("[\"\"]", env.get("SATBUS_SUBSCRIBE"), "JSON: the empty prefix (every topic) is not 'none'");
        assertEquals("7", env.get("SATBUS_CREDIT"));
        assertEquals("3000", env.get("SATBUS_TIMEOUT_MS"));
        assertEquals("5000", env.get("SATBUS_DEDUP_WINDOW"));
        assertEquals("250", env.get("SATBUS_HEARTBEAT_INTERVAL_MS"));
        assertEquals("4", env.get("SATBUS_HEARTBEAT_LIVENESS"));
        assertEquals("{\"marks\":3,\"words\":[\"x\",\"y\"]}", env.get("SATBUS_CONFIG"));
        assertEquals("200", env.get("SATBUS_REPORT_INTERVAL_MS"));
        assertTrue(Long.parseLong(env.get("SATBUS_ACK_TIMEOUT_MS")) >= 3000 * 2, "at least every attempt's deadline");
    }

    @Test
    void withAnOrchesterPairTheBackupsEndpointsFollowAndOnlyThen() throws TopologyException {
        assertEquals(null, CommandSatellite.environment(topology(), topology().satellite("shout"), 0, 0)
            .get("SATBUS_ORCHESTER_BACKUP"));
        final Topology t = TopologyLoader.parse("name: p\n"
            + "orchester: { host: 10.0.0.1, service_port: 6000, backup: { host: 10.0.0.2, service_port: 7000,"
            + " pub_port: 7001, sub_port: 7002 } }\n"
            + "satellites:\n  s: { command: [w] }\n", "p.yaml");
        final Map<String, String> env = CommandSatellite.environment(t, t.satellite("s"), 0, 0);
        assertEquals("tcp://10.0.0.1:6000", env.get("SATBUS_ORCHESTER"));
        assertEquals("tcp://10.0.0.2:7000", env.get("SATBUS_ORCHESTER_BACKUP"));
        assertEquals("tcp://10.0.0.2:7001", env.get("SATBUS_PUB_BACKUP"));
        assertEquals("tcp://10.0.0.2:7002", env.get("SATBUS_SUB_BACKUP"));
        assertEquals(List.of("SATBUS_REPORT_INTERVAL_MS", "SATBUS_ORCHESTER_BACKUP", "SATBUS_PUB_BACKUP",
            "SATBUS_SUB_BACKUP"), List.copyOf(env.keySet()).subList(env.size() - 4, env.size()));
    }

    @Test
    void theBackupRunsOnTheMainHostWhenItSharesThePrimarysAddressElseOnItsOwnHost() throws TopologyException {
        final Topology oneHost = TopologyLoader.parse("name: p\norchester: { backup: { host: localhost, service_port: 7000,"
            + " pub_port: 7001, sub_port: 7002 } }\nsatellites:\n  s: { command: [w] }\n", "p.yaml");
        assertTrue(Supervisor.runsBackup(oneHost, Supervisor.MAIN_HOST));
        final Topology twoHosts = TopologyLoader.parse("name: p\norchester: { host: 10.0.0.1, backup: { host: 10.0.0.2 } }\n"
            + "satellites:\n  s: { command: [w] }\n", "p.yaml");
        assertEquals(false, Supervisor.runsBackup(twoHosts, Supervisor.MAIN_HOST));
        assertTrue(Supervisor.runsBackup(twoHosts, "10.0.0.2"));
        assertEquals(false, Supervisor.runsBackup(topology(), Supervisor.MAIN_HOST), "no pair, no backup");
    }

    @Test
    void aSourceHasNoServiceNothingToSendToIsEmptyAndNoReportsSayZero() throws TopologyException {
        final Topology t = topology();
        final Map<String, String> feed = CommandSatellite.environment(t, t.satellite("feed"), 0, 0);
        assertEquals("", feed.get("SATBUS_SERVICE"));
        assertEquals("[]", feed.get("SATBUS_PUBLISH"));
        assertEquals("{}", feed.get("SATBUS_CONFIG"));
        assertEquals("0", feed.get("SATBUS_REPORT_INTERVAL_MS"));
        final Topology noSendTo = TopologyLoader.parse("name: n\nsatellites:\n  s: { command: [w] }\n", "n.yaml");
        assertEquals("", CommandSatellite.environment(noSendTo, noSendTo.satellite("s"), 0, 0).get("SATBUS_SEND_TO"));
    }

    @Test
    void theProcessRunsItsArgvInTheTopologyFilesFolderWithTheEnvironmentAdded() throws Exception {
        final Path file = Files.writeString(dir.resolve("t.yaml"), TOPOLOGY.replace("[./feed]", "[python3]"));
        final Topology t = TopologyLoader.load(file);
        final ProcessBuilder b = CommandSatellite.processBuilder(t, t.satellite("shout"), 0, 200);
        assertEquals(List.of("python3", "shout.py", "-v"), b.command(), "no JVM, no JVM options");
        assertEquals(new File(dir.toAbsolutePath().toString()), b.directory());
        assertEquals("0", b.environment().get("SATBUS_INSTANCE"));
        assertEquals(System.getenv("PATH"), b.environment().get("PATH"), "the supervisor's environment is kept");
    }

    @Test
    void aWayOfRunningForJavaSatellitesOnlyRefusesACommandSatelliteByName() throws TopologyException {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> CommandSatellite.refuse(topology(), "--in-process", "satbus run without --in-process"));
        assertEquals("satellites.shout : a command satellite (python3 shout.py -v), which --in-process cannot host: it"
            + " runs Java satellites as threads of one process (expected: satbus run without --in-process)", e.getMessage());
        CommandSatellite.refuse(TopologyLoader.parse("name: n\nsatellites:\n  s: { type: sink }\n", "n.yaml"), "x", "y");
    }
}
