package io.satbus.orchester;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.satbus.core.protocol.Mdp;
import io.satbus.core.tracking.SatelliteFigures;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;

/**
 * The {@code satbus.admin} service, answered by the orchester itself. The first body frame is
 * the command (UTF-8, words separated by blanks, surrounding blanks ignored); the reply is one
 * frame of JSON:
 * <ul>
 *   <li>{@code status}: {@link OrchesterStatus#toJson()}</li>
 *   <li>{@code run HOST GENERATED DELIVERED DUPLICATES DEAD LOST}: a supervisor's share of the
 *       run's accounting, kept in {@link RunFigures} for the tracker's metrics;
 *       {@code {"ok": "..."}}</li>
 *   <li>{@code satellite NAME SENT OUTSTANDING LOST HANDLED RESTARTS FLAPPING UP HEAP_USED}: a
 *       satellite's own figures from its supervisor ({@link SatelliteFigures}), for the tracker's
 *       metrics; {@code {"ok": "..."}}</li>
 *   <li>anything else: {@code {"error": "...", "commands": ["status", "run"]}}</li>
 * </ul>
 * Stateless apart from its JSON writer; called on the orchester thread.
 */
final class AdminService {
    static final String STATUS = "status";
    static final String RUN = "run";
    private static final String RUN_USAGE = "run HOST GENERATED DELIVERED DUPLICATES DEAD LOST";
    static final String SATELLITE = "satellite";
    private static final String SATELLITE_USAGE = "satellite NAME SENT OUTSTANDING LOST HANDLED RESTARTS FLAPPING UP HEAP_USED";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_ECHOED_CHARS = 64;

    private AdminService() {
    }

    static byte[] handle(final List<byte[]> body, final Supplier<OrchesterStatus> status, final RunFigures figures) {
        final String command = body.isEmpty() ? "" : new String(body.get(0), StandardCharsets.UTF_8).strip();
        if (STATUS.equals(command)) {
            return status.get().toJson().getBytes(StandardCharsets.UTF_8);
        }
        final String[] words = command.split("\\s+");
        if (RUN.equals(words[0])) {
            return run(command, words, figures).toString().getBytes(StandardCharsets.UTF_8);
        }
        if (SATELLITE.equals(words[0])) {
            return satellite(command, words, figures).toString().getBytes(StandardCharsets.UTF_8);
        }
        final ObjectNode error = JSON.createObjectNode();
        // The commands people type; 'satellite' is the supervisors' alone, as 'run' mostly is, and stays unlisted.
        error.put("error", Mdp.ADMIN_SERVICE + " command : \"" + shown(command) + "\" (expected: " + STATUS + " or "
            + RUN_USAGE + ")");
        error.putArray("commands").add(STATUS).add(RUN);
        return error.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static ObjectNode run(final String command, final String[] words, final RunFigures figures) {
        final ObjectNode reply = JSON.createObjectNode();
        final long[] values = words.length == 2 + RunFigures.FIGURES ? counts(words) : null;
        if (values == null) {
            return reply.put("error", Mdp.ADMIN_SERVICE + " run : \"" + shown(command) + "\" (expected: " + RUN_USAGE
                + ", each count an integer >= 0)");
        }
        if (!figures.put(words[1], values)) {
            return reply.put("error", Mdp.ADMIN_SERVICE + " run host : \"" + shown(words[1]) + "\" (expected: one of the "
                + RunFigures.MAX_HOSTS + " hosts already reporting)");
        }
        return reply.put("ok", "run figures of " + words[1] + " taken");
    }

    private static ObjectNode satellite(final String command, final String[] words, final RunFigures figures) {
        final ObjectNode reply = JSON.createObjectNode();
        final long[] values = words.length == 2 + SatelliteFigures.COUNTS ? counts(words, SatelliteFigures.COUNTS) : null;
        if (values == null) {
            return reply.put("error", Mdp.ADMIN_SERVICE + " satellite : \"" + shown(command) + "\" (expected: "
                + SATELLITE_USAGE + ", each count an integer >= 0)");
        }
        if (!figures.putSatellite(SatelliteFigures.of(words[1], values))) {
            return reply.put("error", Mdp.ADMIN_SERVICE + " satellite name : \"" + shown(words[1]) + "\" (expected: one of the "
                + RunFigures.MAX_SATELLITES + " satellites already reporting)");
        }
        return reply.put("ok", "figures of satellite " + words[1] + " taken");
    }

    /** The counts in words 2.., or null when one is not an integer >= 0. */
    private static long[] counts(final String[] words) {
        return counts(words, RunFigures.FIGURES);
    }

    /** The {@code n} counts in words 2.., or null when one is not an integer >= 0. */
    private static long[] counts(final String[] words, final int n) {
        final long[] values = new long[n];
        for (int i = 0; i < values.length; i++) {
            try {
                values[i] = Long.parseLong(words[2 + i]);
            } catch (NumberFormatException ex) {
                return null;
            }
            if (values[i] < 0) {
                return null;
            }
        }
        return values;
    }

    private static String shown(final String text) {
        return text.length() > MAX_ECHOED_CHARS ? text.substring(0, MAX_ECHOED_CHARS) + "..." : text;
    }
}
