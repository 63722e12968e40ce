package io.satbus.satellites.runtime;

import io.satbus.core.envelope.Envelope;

/** Where {@link RuntimeOutput} hands finished messages: the runtime's sockets. Runtime thread only. */
interface Outbound {
    /** Sends {@code message} to {@code service} (a service request); blocks while the send window is full. */
    void send(String service, Envelope message);

    /** Publishes on {@code topic}; never blocks. */
    void publish(String topic, Envelope message);
}
