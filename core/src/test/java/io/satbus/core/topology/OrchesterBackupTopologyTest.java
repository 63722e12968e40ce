package io.satbus.core.topology;

import static io.satbus.core.topology.TopologyAssertions.problemsOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

/** orchester.backup (an orchester pair): every key read, every problem with its line and column. */
class OrchesterBackupTopologyTest {
    private static final String SATS = "satellites: { s: { type: sink } }\n";

    @Test
    void withoutABackupTheOrchesterIsSingle() throws TopologyException {
        final Topology t = TopologyLoader.parse("name: t\n" + SATS, "t.yaml");
        assertNull(t.orchester().backup());
        assertEquals(List.of("tcp://127.0.0.1:5670"), t.orchester().serviceEndpoints());
    }

    @Test
    void everyKeyIsReadIntoTheSpec() throws TopologyException {
        final Topology t = TopologyLoader.parse("""
            name: t
            orchester:
              host: 10.0.0.1
              backup: { host: 10.0.0.2, service_port: 6670, pub_port: 6671, sub_port: 6672, peer_port: 6673, peer: "10.0.0.9:7000" }
            """ + SATS, "t.yaml");
        assertEquals(new BackupSpec("10.0.0.2", 6670, 6671, 6672, 6673, "10.0.0.9", 7000), t.orchester().backup());
        assertEquals(List.of("tcp://10.0.0.1:5670", "tcp://10.0.0.2:6670"), t.orchester().serviceEndpoints());
        assertEquals(List.of("tcp://10.0.0.1:5671", "tcp://10.0.0.2:6671"), t.orchester().pubEndpoints());
        assertEquals(List.of("tcp://10.0.0.1:5672", "tcp://10.0.0.2:6672"), t.orchester().subEndpoints());
        final OrchesterSpec b = t.orchester().asBackup();
        assertEquals("10.0.0.2", b.host());
        assertEquals(6670, b.servicePort());
    }

    @Test
    void onAnotherHostTheBackupTakesThePrimarysPortsAndThePeerDefaults() throws TopologyException {
        final Topology t = TopologyLoader.parse("name: t\norchester: { host: 10.0.0.1, backup: { host: 10.0.0.2 } }\n"
            + SATS, "t.yaml");
        assertEquals(new BackupSpec("10.0.0.2", 5670, 5671, 5672, BackupSpec.DEFAULT_PEER_PORT, "10.0.0.1",
            BackupSpec.DEFAULT_PEER_PORT), t.orchester().backup());
    }

    @Test
    void theBackupMustNameItsHost() {
        assertEquals(List.of("t.yaml:2:22: orchester.backup.host : missing (expected: the backup's host name or IP address)"),
            problemsOf("name: t\norchester: { backup: { service_port: 6670 } }\n" + SATS));
    }

    @Test
    void theBackupIsAMap() {
        assertEquals(List.of("t.yaml:2:22: orchester.backup : \"10.0.0.2\" (expected: a map)"),
            problemsOf("name: t\norchester: { backup: 10.0.0.2 }\n" + SATS));
    }

    @Test
    void unknownKeysOfTheBackupAreNamed() {
        assertEquals(List.of("t.yaml:2:33: orchester.backup.servce_port : unknown key (expected one of: host,"
                + " service_port, pub_port, sub_port, peer_port, peer; did you mean \"service_port\"?)"),
            problemsOf("name: t\norchester: { backup: { host: b, servce_port: 1 } }\n" + SATS));
    }

    @Test
    void theBackupEqualToThePrimaryIsRefused() {
        assertEquals(List.of("t.yaml:2:22: orchester.backup : host 127.0.0.1 and the ports of the primary (expected:"
                + " another host, or other ports than orchester's on the same host: the backup is a second orchester)"),
            problemsOf("name: t\norchester: { backup: { host: localhost } }\n" + SATS));
    }

    @Test
    void onTheSameHostABackupPortOfThePrimaryIsAClash() {
        assertEquals(List.of("t.yaml:2:71: orchester.backup.pub_port : 5672, the same as orchester.sub_port on the same"
                + " host (expected: a port the primary does not use)"),
            problemsOf("name: t\norchester: { backup: { host: 127.0.0.1, service_port: 6670, pub_port: 5672,"
                + " sub_port: 6672 } }\n" + SATS));
    }

    @Test
    void theBackupsOwnPortsMustDiffer() {
        assertEquals(List.of("t.yaml:2:79: orchester.backup.sub_port : 6670, the same as orchester.backup.service_port"
                + " (expected: service_port, pub_port and sub_port of the backup all different)"),
            problemsOf("name: t\norchester: { backup: { host: b, service_port: 6670, pub_port: 6671, sub_port: 6670 } }\n"
                + SATS));
    }

    @Test
    void portsOfTheBackupAreChecked() {
        assertEquals(List.of("t.yaml:2:47: orchester.backup.service_port : 0 (expected: a port 1..65535)",
                "t.yaml:2:61: orchester.backup.peer_port : 70000 (expected: a port 1..65535)"),
            problemsOf("name: t\norchester: { backup: { host: b, service_port: 0, peer_port: 70000 } }\n" + SATS));
    }

    @Test
    void thePeerPortMayNotBeOneOfThePrimarysPorts() {
        assertEquals(List.of("t.yaml:2:44: orchester.backup.peer_port : 5670, the same as orchester.service_port"
                + " (expected: a port the primary does not use for anything else)"),
            problemsOf("name: t\norchester: { backup: { host: b, peer_port: 5670 } }\n" + SATS));
        assertEquals(List.of("t.yaml:2:38: orchester.backup.peer_port : 5673, the same as orchester.sub_port (peer_port's"
                + " default) (expected: a port the primary does not use for anything else)"),
            problemsOf("name: t\norchester: { sub_port: 5673, backup: { host: b } }\n" + SATS));
    }

    @Test
    void onTheSameHostThePeerPortMayNotBeOneOfTheBackups() {
        assertEquals(List.of("t.yaml:2:104: orchester.backup.peer_port : 6671, the same as orchester.backup.pub_port on the"
                + " same host (expected: a port neither orchester of the pair uses for anything else)"),
            problemsOf("name: t\norchester: { backup: { host: 127.0.0.1, service_port: 6670, pub_port: 6671, sub_port:"
                + " 6672, peer_port: 6671 } }\n" + SATS));
    }

    @Test
    void thePeerIsHostColonPort() {
        assertEquals(List.of("t.yaml:2:39: orchester.backup.peer : \"10.0.0.1\" (expected: HOST:PORT where the backup"
                + " reaches the primary's peer_port, such as 10.0.0.1:5673)",
                "t.yaml:2:39: orchester.backup.peer : 10.0.0.1:0 (expected: HOST:PORT with a port 1..65535)"),
            List.of(problemsOf("name: t\norchester: { backup: { host: b, peer: 10.0.0.1 } }\n" + SATS).get(0),
                problemsOf("name: t\norchester: { backup: { host: b, peer: \"10.0.0.1:0\" } }\n" + SATS).get(0)));
    }
}
