package io.satbus.satellites.api;

import java.util.List;

/**
 * How a satellite is wired in its topology, as its author needs it: what it works for and where
 * its output goes. The satellite's view of its entry, not the entry itself (which carries every
 * setting of the runtime and the supervisor). Immutable.
 *
 * @param service   the service it works for, or null for one that serves none (a source, a subscriber)
 * @param sendTo    the service {@link Output#send(byte[])} sends to, or null
 * @param publish   the topics {@link Output#publish(byte[])} publishes on
 * @param subscribe the topics it receives
 */
public record Wiring(String service, String sendTo, List<String> publish, List<String> subscribe) {
    public Wiring {
        publish = List.copyOf(publish);
        subscribe = List.copyOf(subscribe);
    }

    /** True when its output goes somewhere: a {@code send_to} service or a {@code publish} topic. */
    public boolean wired() {
        return sendTo != null || !publish.isEmpty();
    }
}
