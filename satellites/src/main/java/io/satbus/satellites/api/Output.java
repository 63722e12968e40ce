package io.satbus.satellites.api;

import io.satbus.core.envelope.Envelope;

/**
 * Where a satellite's results go. Messages it creates get a new message id, this instance's
 * topology, satellite name and instance number as origin, the current time as
 * {@code created_at_us} and attempt 1.
 *
 * <p>Sends are acknowledged by the receiving service; at most a window of sends is waiting for
 * acknowledgement at once, and a send made with a full window blocks (the runtime keeps
 * serving heartbeats and acknowledgements meanwhile) until there is room. Publishing never
 * blocks; a topic nobody subscribes to drops the message.
 *
 * <p>Not thread-safe: use it only on the runtime thread, inside the callback it was given to.
 * Other threads get an {@link IllegalStateException}.
 */
public interface Output {
    /** Sends {@code payload} to the satellite's {@code send_to} service, with the context's content type. */
    void send(byte[] payload);

    /** Sends {@code payload} to {@code service}. */
    void send(String service, String contentType, byte[] payload);

    /** Sends {@code message} to {@code service} with its own id, created_at_us and headers. */
    void send(String service, Envelope message);

    /** Publishes {@code payload} on every topic of the satellite's {@code publish} list. */
    void publish(byte[] payload);

    /** Publishes {@code payload} on {@code topic}. */
    void publish(String topic, String contentType, byte[] payload);

    /** Publishes {@code message} on {@code topic} with its own id, created_at_us and headers. */
    void publish(String topic, Envelope message);

    /**
     * Passes {@code message} on along the satellite's wiring: to its {@code send_to} service if
     * it has one, and on each of its {@code publish} topics. The message keeps its id,
     * created_at_us and headers (so a sink can check every id arrives exactly once); origin and
     * instance become this satellite's, attempt becomes 1.
     */
    void forward(Envelope message);

    /** {@link #forward(Envelope)} with another payload: the message id stays the same. */
    void forward(Envelope message, String contentType, byte[] payload);

    /**
     * A new message stamped as {@link #send(byte[])} would stamp it (new id, this origin, now,
     * attempt 1), not sent: for sending one message on several routes under one id (with
     * {@link #forward(Envelope)}), or for adding headers before sending it.
     */
    Envelope message(String contentType, byte[] payload);

    /**
     * Sets the reply to the service request being handled; without it the reply is an empty
     * acknowledgement. The last call wins.
     *
     * @throws IllegalStateException outside {@link Satellite#onMessage} of a service request
     */
    void reply(String contentType, byte[] payload);

    /**
     * Says "still working" on the service request being handled, so that slow work is not taken
     * for lost: the orchester's deadline for it starts again from now, one service {@code timeout}
     * long (docs/protocol.md 2.4, PROGRESS). A handler that may take longer than its service's
     * timeout calls it at least once per timeout, say every third of it; calling it more often
     * costs nothing, since at most one PROGRESS goes out per
     * {@value io.satbus.satellites.api.Output#MIN_PROGRESS_GAP_MS} ms. Requests this instance
     * holds besides (queued behind the slow one, or waiting for their sends) get one too: the
     * runtime cannot send theirs while a handler keeps its thread.
     *
     * <p>Between calls nothing is said, so a handler that blocks longer than the timeout in one
     * call (a slow I/O without a deadline) is still timed out and tried elsewhere: it must
     * split its wait. An {@code Output} that is not the runtime's (a test's double) may ignore it.
     *
     * @throws IllegalStateException outside {@link Satellite#onMessage} of a service request
     */
    default void progress() {
    }

    /** Fewest milliseconds between two PROGRESS that {@link #progress()} sends. */
    long MIN_PROGRESS_GAP_MS = 100;
}
