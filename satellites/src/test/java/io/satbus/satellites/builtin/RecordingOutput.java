package io.satbus.satellites.builtin;

import io.satbus.core.envelope.Envelope;
import io.satbus.satellites.api.Output;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** An output that records what a satellite emits; ids count up from 1. */
final class RecordingOutput implements Output {
    final List<Envelope> forwarded = new ArrayList<>();
    final List<String> routes = new ArrayList<>();
    Envelope reply;
    private long nextId = 1;

    @Override
    public void send(final byte[] payload) {
        send("send_to", "application/octet-stream", payload);
    }

    @Override
    public void send(final String service, final String contentType, final byte[] payload) {
        send(service, message(contentType, payload));
    }

    @Override
    public void send(final String service, final Envelope message) {
        routes.add("send " + service);
        forwarded.add(message);
    }

    @Override
    public void publish(final byte[] payload) {
        publish("publish", "application/octet-stream", payload);
    }

    @Override
    public void publish(final String topic, final String contentType, final byte[] payload) {
        publish(topic, message(contentType, payload));
    }

    @Override
    public void publish(final String topic, final Envelope message) {
        routes.add("publish " + topic);
        forwarded.add(message);
    }

    @Override
    public void forward(final Envelope message) {
        routes.add("forward");
        forwarded.add(message);
    }

    @Override
    public void forward(final Envelope message, final String contentType, final byte[] payload) {
        forward(message.withPayload(contentType, payload));
    }

    @Override
    public Envelope message(final String contentType, final byte[] payload) {
        return new Envelope(nextId++, "t", "test", 0, 1, 0, contentType, Map.of(), payload);
    }

    @Override
    public void reply(final String contentType, final byte[] payload) {
        reply = new Envelope(0, "t", "test", 0, 1, 0, contentType, Map.of(), payload);
    }
}
