package io.satbus.core.topology;

import io.satbus.core.topology.YamlNode.Mapping;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code orchester.backup} (an orchester pair, docs/topology.md) against the primary it
 * backs: its own ports all different, none of them (nor the peer port) one the primary binds on
 * the same address, and the backup not the primary itself. Every problem goes to
 * {@link Problems}; reading goes on past each one. Owned by the loading thread.
 */
final class BackupReader {
    static final List<String> KEYS = List.of("host", "service_port", "pub_port", "sub_port", "peer_port", "peer");
    private static final String PATH = "orchester.backup";
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._:-]+");
    private static final Pattern PEER = Pattern.compile("\\[?([A-Za-z0-9._:-]+?)]?:(\\d{1,5})");
    private static final String[] OWN_KEYS = {"service_port", "pub_port", "sub_port"};

    private final Fields fields;
    private final Problems problems;

    BackupReader(final Fields fields, final Problems problems) {
        this.fields = fields;
        this.problems = problems;
    }

    /** The backup of {@code primary} written in {@code m}, best effort (meaningful only without problems). */
    BackupSpec read(final Mapping m, final OrchesterSpec primary) {
        fields.checkKeys(m, PATH, KEYS);
        String host = primary.host();
        if (fields.require(m, PATH, "host", "the backup's host name or IP address")) {
            host = fields.string(m, PATH, "host", HOST, "a host name or IP address", primary.host());
        }
        final int[] ports = {
            port(m, "service_port", primary.servicePort()),
            port(m, "pub_port", primary.pubPort()),
            port(m, "sub_port", primary.subPort()),
        };
        final int peerPort = port(m, "peer_port", BackupSpec.DEFAULT_PEER_PORT);
        String peerHost = primary.host();
        int peerConnectPort = peerPort;
        if (m.get("peer") != null) {
            final String peer = fields.string(m, PATH, "peer", PEER, "HOST:PORT where the backup reaches the primary's "
                + "peer_port, such as 10.0.0.1:5673", null);
            final Matcher hp = peer == null ? null : PEER.matcher(peer);
            if (hp != null && hp.matches()) {
                final int p = Integer.parseInt(hp.group(2));
                if (p < 1 || p > 65535) {
                    problems.add(m.get("peer").at(), PATH + ".peer", peer, "HOST:PORT with a port 1..65535");
                } else {
                    peerHost = hp.group(1);
                    peerConnectPort = p;
                }
            }
        }
        checkOwnPorts(m, ports);
        if (m.get("host") != null && sameAddress(host, primary.host())) {
            checkAgainstPrimary(m, ports, primary);
        }
        checkPeerPort(m, peerPort, primary, sameAddress(host, primary.host()) ? ports : new int[0]);
        return new BackupSpec(host, ports[0], ports[1], ports[2], peerPort, peerHost, peerConnectPort);
    }

    private int port(final Mapping m, final String key, final int dflt) {
        return m.get(key) == null ? dflt : fields.port(m, PATH, key, -1);
    }

    private void checkOwnPorts(final Mapping m, final int[] ports) {
        for (int j = 1; j < ports.length; j++) {
            for (int i = 0; i < j; i++) {
                if (ports[j] > 0 && ports[i] == ports[j]) {
                    final String key = m.get(OWN_KEYS[j]) != null ? OWN_KEYS[j] : OWN_KEYS[i];
                    final String other = key.equals(OWN_KEYS[j]) ? OWN_KEYS[i] : OWN_KEYS[j];
                    problems.add(at(m, key), PATH + "." + key, ports[j] + ", the same as " + PATH + "." + other,
                        "service_port, pub_port and sub_port of the backup all different");
                    break;
                }
            }
        }
    }

    /** On the primary's address, the backup may bind none of the primary's ports; all three equal is the primary itself. */
    private void checkAgainstPrimary(final Mapping m, final int[] ports, final OrchesterSpec primary) {
        final int[] theirs = {primary.servicePort(), primary.pubPort(), primary.subPort()};
        if (ports[0] == theirs[0] && ports[1] == theirs[1] && ports[2] == theirs[2]) {
            problems.add(m.at(), PATH, "host " + primary.host() + " and the ports of the primary",
                "another host, or other ports than orchester's on the same host: the backup is a second orchester");
            return;
        }
        for (int i = 0; i < ports.length; i++) {
            for (int j = 0; j < theirs.length; j++) {
                if (ports[i] > 0 && ports[i] == theirs[j]) {
                    problems.add(at(m, OWN_KEYS[i]), PATH + "." + OWN_KEYS[i], ports[i] + ", the same as orchester."
                        + OWN_KEYS[j] + " on the same host", "a port the primary does not use");
                }
            }
        }
    }

    /** The primary binds peer_port on its host: it must not be one of its three ports (nor the backup's, on that host). */
    private void checkPeerPort(final Mapping m, final int peerPort, final OrchesterSpec primary, final int[] backupsHere) {
        if (peerPort < 1) {
            return;
        }
        for (int i = 0; i < backupsHere.length; i++) {
            if (peerPort == backupsHere[i]) {
                problems.add(at(m, "peer_port"), PATH + ".peer_port", peerPort + ", the same as " + PATH + "." + OWN_KEYS[i]
                    + " on the same host", "a port neither orchester of the pair uses for anything else");
                return;
            }
        }
        final int[] theirs = {primary.servicePort(), primary.pubPort(), primary.subPort()};
        for (int j = 0; j < theirs.length; j++) {
            if (peerPort == theirs[j]) {
                problems.add(at(m, "peer_port"), PATH + ".peer_port", peerPort + ", the same as orchester." + OWN_KEYS[j]
                    + (m.get("peer_port") == null ? " (peer_port's default)" : ""),
                    "a port the primary does not use for anything else");
                return;
            }
        }
    }

    private static Mark at(final Mapping m, final String key) {
        return m.get(key) != null ? m.get(key).at() : m.at();
    }

    private static boolean sameAddress(final String a, final String b) {
        return io.satbus.core.Endpoints.sameAddress(a, b);
    }
}
