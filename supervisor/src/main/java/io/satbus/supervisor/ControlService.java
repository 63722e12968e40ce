package io.satbus.supervisor;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.satbus.core.envelope.Envelope;
import io.satbus.core.security.SecuritySpec;
import io.satbus.core.topology.SatelliteSpec;
import io.satbus.satellites.api.Output;
import io.satbus.satellites.api.Satellite;
import io.satbus.satellites.runtime.RuntimeSettings;
import io.satbus.satellites.runtime.SatelliteRuntime;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The supervisor's control endpoint: a worker of the service {@code satbus.supervisor.<host>}
 * at the topology's orchester, so that {@code satbus status} and {@code satbus scale} reach
 * every supervisor of a topology, on any host, through the orchester's one service endpoint.
 * Commands are one text frame (a plain MDP request works); replies are one JSON frame:
 *
 * <pre>
 * status             -&gt; the {@link SupervisorStatus} document
 * scale SATELLITE N  -&gt; {"ok":"upper: 3 instances wanted"} or {"error":"..."}
 * </pre>
 * Runs on its runtime thread; it reads {@link Supervisor#status()} and queues scale requests.
 */
public final class ControlService implements Satellite {
    public static final String SERVICE_PREFIX = "satbus.supervisor.";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Supervisor supervisor;

    private ControlService(final Supervisor supervisor) {
        this.supervisor = supervisor;
    }

    /** The control service of the supervisor of {@code host}. */
    public static String service(final String host) {
        return SERVICE_PREFIX + host;
    }

    /** Starts the control worker in this process, connected to the topology's orchester. */
    public static SatelliteRuntime start(final Supervisor supervisor, final Path baseDir) {
        final String host = supervisor.host();
        final SatelliteSpec spec = new SatelliteSpec("supervisor-" + host, null, ControlService.class.getName(), null, 1,
            service(host), null, List.of(), List.of(), 1, 0, 0, Map.of(), host);
        // With security on, the control worker proves the supervisors' key, the one allowed to serve it.
        return SatelliteRuntime.start(supervisor.topology(), spec, 0, new ControlService(supervisor), baseDir,
            RuntimeSettings.forTopology(supervisor.topology()).withKeyName(SecuritySpec.SUPERVISOR_KEY));
    }

    @Override
    public void onMessage(final Envelope message, final Output out) {
        out.reply("application/json", answer(new String(message.payload(), StandardCharsets.UTF_8).trim())
            .getBytes(StandardCharsets.UTF_8));
    }

    String answer(final String command) {
        final String[] words = command.split("\\s+");
        final ObjectNode reply = JSON.createObjectNode();
        if (words.length == 1 && words[0].equals("status")) {
            return supervisor.status().toJson();
        }
        if (words.length == 3 && words[0].equals("scale")) {
            try {
                final int n = Integer.parseInt(words[2]);
                supervisor.scale(words[1], n);
                return reply.put("ok", words[1] + ": " + n + " instances wanted").toString();
            } catch (NumberFormatException ex) {
                return reply.put("error", "scale count : \"" + words[2] + "\" (expected: an integer)").toString();
            } catch (IllegalArgumentException ex) {
                return reply.put("error", ex.getMessage()).toString();
            }
        }
        return reply.put("error", service(supervisor.host()) + " command : \"" + command
            + "\" (expected: status, or scale SATELLITE N)").toString();
    }
}
