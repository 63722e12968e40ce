package io.satbus.satellites.firehose;

import io.satbus.core.envelope.Envelope;
import io.satbus.satellites.api.Output;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** An output that records what a satellite forwards and publishes; new ids count up from 1. */
final class CapturingOutput implements Output {
    final List<Envelope> forwarded = new ArrayList<>();
    final List<String> published = new ArrayList<>();
    private long nextId = 1;

    @Override
    public void send(final byte[] payload) {
        throw new UnsupportedOperationException("send(payload)");
    }

    @Override
    public void send(final String service, final String contentType, final byte[] payload) {
        throw new UnsupportedOperationException("send(service, ...)");
    }

    @Override
    public void send(final String service, final Envelope message) {
        throw new UnsupportedOperationException("send(service, message)");
    }

    @Override
    public void publish(final byte[] payload) {
        throw new UnsupportedOperationException("publish(payload)");
    }

    @Override
    public void publish(final String topic, final String contentType, final byte[] payload) {
        publish(topic, message(contentType, payload));
    }

    @Override
    public void publish(final String topic, final Envelope message) {
        published.add(topic + " " + new String(message.payload(), java.nio.charset.StandardCharsets.UTF_8));
    }

    @Override
    public void forward(final Envelope message) {
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
        throw new UnsupportedOperationException("reply");
    }
}
