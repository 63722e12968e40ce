package io.satbus.orchester;

import io.satbus.core.protocol.Mdp;
import java.nio.charset.StandardCharsets;

/**
 * The topics and services that belong to the bus itself (docs/security.md, "Names of the bus"):
 * everything under {@code satbus.}, and the dead-letter topic whatever its name. Only the
 * orchester publishes on them, and a service of the bus is served only by the role it belongs
 * to. Immutable; thread-safe.
 */
final class BusNames {
    /** Prefix of every topic and service of the bus's own. */
    static final String PREFIX = "satbus.";
    /** Prefix of the supervisors' control services, {@code satbus.supervisor.HOST}. */
    static final String CONTROL_PREFIX = PREFIX + "supervisor.";
    private static final byte[] PREFIX_BYTES = PREFIX.getBytes(StandardCharsets.US_ASCII);

    private final byte[] deadLetterTopic;

    BusNames(final String deadLetterTopic) {
        this.deadLetterTopic = deadLetterTopic.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * True when a peer may not publish on {@code topic}: it is under {@code satbus.}, or starts
     * with the dead-letter topic (a subscriber to the dead letters matches by prefix, so it
     * would receive it as one).
     */
    boolean isBusTopic(final byte[] topic) {
        return startsWith(topic, PREFIX_BYTES) || startsWith(topic, deadLetterTopic);
    }

    /** True for a supervisor's control service, {@code satbus.supervisor.HOST}. */
    static boolean isControlService(final String service) {
        return service.startsWith(CONTROL_PREFIX) && service.length() > CONTROL_PREFIX.length();
    }

    /** True for a service no peer may serve at all: {@code satbus.*} but a control service (admin is the orchester's). */
    static boolean isUnservable(final String service) {
        return service.equals(Mdp.ADMIN_SERVICE) || (service.startsWith(PREFIX) && !isControlService(service));
    }

    private static boolean startsWith(final byte[] frame, final byte[] prefix) {
        if (frame.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (frame[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
