package io.satbus.orchester;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.satbus.core.protocol.Mdp;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;

/**
 * The {@code satbus.admin} service, answered by the orchester itself. The first body frame is
 * the command (UTF-8, surrounding blanks ignored); the reply is one frame of JSON:
 * <ul>
 *   <li>{@code status}: {@link OrchesterStatus#toJson()}</li>
 *   <li>anything else: {@code {"error": "...", "commands": ["status"]}}</li>
 * </ul>
 * Stateless apart from its JSON writer; called on the orchester thread.
 */
final class AdminService {
    static final String STATUS = "status";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_ECHOED_CHARS = 64;

    private AdminService() {
    }

    static byte[] handle(final List<byte[]> body, final Supplier<OrchesterStatus> status) {
        final String command = body.isEmpty() ? "" : new String(body.get(0), StandardCharsets.UTF_8).strip();
        if (STATUS.equals(command)) {
            return status.get().toJson().getBytes(StandardCharsets.UTF_8);
        }
        final String shown = command.length() > MAX_ECHOED_CHARS ? command.substring(0, MAX_ECHOED_CHARS) + "..." : command;
        final ObjectNode error = JSON.createObjectNode();
        error.put("error", Mdp.ADMIN_SERVICE + " command : \"" + shown + "\" (expected: " + STATUS + ")");
        error.putArray("commands").add(STATUS);
        return error.toString().getBytes(StandardCharsets.UTF_8);
    }
}
