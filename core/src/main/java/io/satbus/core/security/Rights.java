package io.satbus.core.security;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What one key may do at the orchester. Each name is exact, or a prefix when it ends with
 * {@code *} ({@code satbus.supervisor.*}). Immutable; thread-safe.
 *
 * @param workFor   services it may register as a worker for
 * @param sendTo    services it may send requests to
 * @param publish   topics it may publish on
 * @param subscribe topics it may subscribe to (the orchester admits a key to the subscriber
 *                  endpoint when this is not empty; see docs/security.md for what it cannot check)
 * @param admin     whether it may use {@code satbus.admin} and the supervisors' control services
 */
public record Rights(List<String> workFor, List<String> sendTo, List<String> publish, List<String> subscribe,
                     boolean admin) {
    /** Nothing at all: a key that is known and may do nothing. */
    public static final Rights NONE = new Rights(List.of(), List.of(), List.of(), List.of(), false);

    public Rights {
        workFor = List.copyOf(workFor);
        sendTo = List.copyOf(sendTo);
        publish = List.copyOf(publish);
        subscribe = List.copyOf(subscribe);
    }

    /** What a satellite's key may do by default: what its own topology entry says it does. */
    public static Rights of(final io.satbus.core.topology.SatelliteSpec s) {
        return new Rights(s.isWorker() ? List.of(s.service()) : List.of(),
            s.sendTo() == null ? List.of() : List.of(s.sendTo()), s.publish(), s.subscribe(), false);
    }

    public boolean mayWorkFor(final String service) {
        return matches(workFor, service);
    }

    public boolean maySendTo(final String service) {
        return matches(sendTo, service);
    }

    /** Whether {@code topic} (the first frame of a publication) is one this key may publish on. */
    public boolean mayPublish(final byte[] topic) {
        return matches(publish, new String(topic, StandardCharsets.UTF_8));
    }

    public boolean maySubscribe() {
        return !subscribe.isEmpty();
    }

    public boolean mayPublishAny() {
        return !publish.isEmpty();
    }

    private static boolean matches(final List<String> names, final String name) {
        for (int i = 0; i < names.size(); i++) {
            final String n = names.get(i);
            if (n.endsWith("*") ? name.startsWith(n.substring(0, n.length() - 1)) : n.equals(name)) {
                return true;
            }
        }
        return false;
    }
}
