package io.satbus.supervisor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.satbus.core.Endpoints;
import io.satbus.core.topology.OrchesterSpec;
import io.satbus.core.topology.SatelliteSpec;
import io.satbus.core.topology.Topology;
import io.satbus.satellites.runtime.RuntimeSettings;
import java.io.File;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A satellite written in any language ({@code command:} in the topology) as a process: its
 * program and arguments, its working directory (the topology file's folder) and the
 * environment that tells it who it is and where to connect. The contract it must keep (stdin
 * {@code stop} and end of file, {@code @satbus} report lines) is docs/writing-satellites.md's,
 * "In another language". Stateless.
 */
public final class CommandSatellite {
    public static final String TOPOLOGY = "SATBUS_TOPOLOGY";
    public static final String SATELLITE = "SATBUS_SATELLITE";
    public static final String INSTANCE = "SATBUS_INSTANCE";
    public static final String ORCHESTER = "SATBUS_ORCHESTER";
    public static final String PUB = "SATBUS_PUB";
    public static final String SUB = "SATBUS_SUB";
    public static final String SERVICE = "SATBUS_SERVICE";
    public static final String SEND_TO = "SATBUS_SEND_TO";
    public static final String PUBLISH = "SATBUS_PUBLISH";
    public static final String SUBSCRIBE = "SATBUS_SUBSCRIBE";
    public static final String CREDIT = "SATBUS_CREDIT";
    public static final String TIMEOUT_MS = "SATBUS_TIMEOUT_MS";
    public static final String ACK_TIMEOUT_MS = "SATBUS_ACK_TIMEOUT_MS";
    public static final String DEDUP_WINDOW = "SATBUS_DEDUP_WINDOW";
    public static final String HEARTBEAT_INTERVAL_MS = "SATBUS_HEARTBEAT_INTERVAL_MS";
    public static final String HEARTBEAT_LIVENESS = "SATBUS_HEARTBEAT_LIVENESS";
    public static final String CONFIG = "SATBUS_CONFIG";
    public static final String REPORT_INTERVAL_MS = "SATBUS_REPORT_INTERVAL_MS";
    /** With an orchester pair only: the backup's service endpoint, to turn to when the orchester does not answer. */
    public static final String ORCHESTER_BACKUP = "SATBUS_ORCHESTER_BACKUP";
    /** With an orchester pair only: the backup's publishing endpoint; connect the PUB to both. */
    public static final String PUB_BACKUP = "SATBUS_PUB_BACKUP";
    /** With an orchester pair only: the backup's subscribing endpoint; connect the SUB to both. */
    public static final String SUB_BACKUP = "SATBUS_SUB_BACKUP";
    /** With security on: the satellite's secret key file (ZCert format), which its sockets prove. */
    public static final String KEY_FILE = "SATBUS_KEY_FILE";
    /** With security on: the orchester's public key, Z85 (a CURVE client's server key). */
    public static final String SERVER_KEY = "SATBUS_SERVER_KEY";

    private static final ObjectMapper JSON = new ObjectMapper();

    private CommandSatellite() {
    }

    /**
     * The process of instance {@code instance} of {@code spec}: its argv, working directory and
     * environment (this process's, plus {@link #environment}); streams are the caller's to set.
     *
     * @param reportIntervalMs how often it should print {@code @satbus} reports; 0 when nobody reads them
     */
    public static ProcessBuilder processBuilder(final Topology topology, final SatelliteSpec spec, final int instance,
                                                final long reportIntervalMs) {
        final ProcessBuilder b = new ProcessBuilder(spec.command().argv());
        if (spec.command().directory() != null) {
            b.directory(new File(spec.command().directory()));
        }
        b.environment().putAll(environment(topology, spec, instance, reportIntervalMs));
        return b;
    }

    /** The {@code SATBUS_*} variables of instance {@code instance} of {@code spec}, in the documented order. */
    public static Map<String, String> environment(final Topology topology, final SatelliteSpec spec, final int instance,
                                                  final long reportIntervalMs) {
        final OrchesterSpec o = topology.orchester();
        final Map<String, String> env = new LinkedHashMap<>();
        env.put(TOPOLOGY, topology.name());
        env.put(SATELLITE, spec.name());
        env.put(INSTANCE, Integer.toString(instance));
        env.put(ORCHESTER, Endpoints.tcp(o.host(), o.servicePort()));
        env.put(PUB, Endpoints.tcp(o.host(), o.pubPort()));
        env.put(SUB, Endpoints.tcp(o.host(), o.subPort()));
        env.put(SERVICE, spec.service() == null ? "" : spec.service());
        env.put(SEND_TO, spec.sendTo() == null ? "" : spec.sendTo());
        env.put(PUBLISH, json(spec.publish()));
        env.put(SUBSCRIBE, json(spec.subscribe()));
        env.put(CREDIT, Integer.toString(spec.credit()));
        env.put(TIMEOUT_MS, Long.toString(topology.timeoutMs(spec)));
        env.put(ACK_TIMEOUT_MS, Long.toString(RuntimeSettings.forTopology(topology).ackTimeoutMs()));
        env.put(DEDUP_WINDOW, Integer.toString(spec.custody().dedupWindow()));
        env.put(HEARTBEAT_INTERVAL_MS, Long.toString(o.heartbeatIntervalMs()));
        env.put(HEARTBEAT_LIVENESS, Integer.toString(o.heartbeatLiveness()));
        env.put(CONFIG, json(spec.config()));
        env.put(REPORT_INTERVAL_MS, Long.toString(reportIntervalMs));
        if (o.paired()) {
            env.put(ORCHESTER_BACKUP, o.serviceEndpoints().get(1));
            env.put(PUB_BACKUP, o.pubEndpoints().get(1));
            env.put(SUB_BACKUP, o.subEndpoints().get(1));
        }
        if (topology.security() != null) {
            env.put(KEY_FILE, topology.security().secretFile(spec.name()).toAbsolutePath().toString());
            env.put(SERVER_KEY, topology.security().orchesterKey().publicKey());
        }
        return env;
    }

    /**
     * Refuses a topology with a command satellite, for a way of running that hosts Java
     * satellites only, as threads of its own process.
     *
     * @param runner  what cannot host it, for the message ({@code --in-process}, {@code satbus bench})
     * @param instead what to do instead
     * @throws IllegalArgumentException naming the first command satellite of {@code topology}
     */
    public static void refuse(final Topology topology, final String runner, final String instead) {
        for (SatelliteSpec s : topology.satellites().values()) {
            if (s.isCommand()) {
                throw new IllegalArgumentException("satellites." + s.name() + " : a command satellite ("
                    + s.command().display() + "), which " + runner + " cannot host: it runs Java satellites as"
                    + " threads of one process (expected: " + instead + ")");
            }
        }
    }

    private static String json(final Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("satbus: a topology value could not be written as JSON: " + value, ex);
        }
    }
}
