package io.satbus.satellites.runtime;

import io.satbus.core.envelope.Envelope;
import io.satbus.core.protocol.Mdp;
import io.satbus.satellites.api.Output;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * The {@link Output} of one instance: stamps new messages (id, origin, time) and hands them to
 * the runtime's sockets, and holds the reply of the request being handled.
 *
 * <p>NOT thread-safe: every call must come from the owner thread (checked).
 */
final class RuntimeOutput implements Output {
    private static final byte[] EMPTY = new byte[0];

    private final RuntimeContext context;
    private final Outbound outbound;
    private final LongSupplier ids;
    private final LongSupplier epochMicros;
    private final String sendTo;
    private final List<String> publishTopics;
    private volatile Thread owner;
    private boolean inRequest;
    private Runnable progress = () -> { };
    private String replyContentType;
    private boolean replied;
    private byte[] replyPayload;

    RuntimeOutput(final RuntimeContext context, final Outbound outbound, final LongSupplier ids, final LongSupplier epochMicros) {
        this.context = context;
        this.outbound = outbound;
        this.ids = ids;
        this.epochMicros = epochMicros;
        this.sendTo = context.spec().sendTo();
        this.publishTopics = context.spec().publish();
    }

    /** Binds the output to the thread that may use it. */
    void owner(final Thread thread) {
        this.owner = thread;
    }

    @Override
    public void send(final byte[] payload) {
        send(requireSendTo(), context.contentType(), payload);
    }

    @Override
    public void send(final String service, final String contentType, final byte[] payload) {
        send(service, create(contentType, payload));
    }

    @Override
    public void send(final String service, final Envelope message) {
        checkThread();
        checkService(service);
        outbound.send(service, Objects.requireNonNull(message, "message"));
    }

    @Override
    public void publish(final byte[] payload) {
        final Envelope e = create(context.contentType(), payload);
        for (String topic : requirePublish()) {
            publish(topic, e);
        }
    }

    @Override
    public void publish(final String topic, final String contentType, final byte[] payload) {
        publish(topic, create(contentType, payload));
    }

    @Override
    public void publish(final String topic, final Envelope message) {
        checkThread();
        Objects.requireNonNull(topic, "topic");
        outbound.publish(topic, Objects.requireNonNull(message, "message"));
    }

    @Override
    public void forward(final Envelope message) {
        forward(message, message.contentType(), message.payload());
    }

    @Override
    public void forward(final Envelope message, final String contentType, final byte[] payload) {
        checkThread();
        if (sendTo == null && publishTopics.isEmpty()) {
            throw new IllegalStateException("satellites." + context.name()
                + " : neither send_to nor publish (expected: at least one, to forward messages along)");
        }
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(payload, "payload");
        // A message this satellite made ({@link #message}) forwarded as it is, a source's usual
        // step, is already what would be built: the same object goes.
        final boolean asMade = message.topology() == context.topology() && message.origin() == context.name()
            && message.instance() == context.instance() && message.attempt() == 1
            && message.contentType() == contentType && message.payload() == payload;
        final Envelope e = asMade ? message : new Envelope(message.id(), context.topology(), context.name(),
            context.instance(), 1, message.createdAtUs(), contentType, message.headers(), payload);
        if (sendTo != null) {
            send(sendTo, e);
        }
        for (int i = 0; i < publishTopics.size(); i++) {
            publish(publishTopics.get(i), e);
        }
    }

    @Override
    public Envelope message(final String contentType, final byte[] payload) {
        return create(contentType, payload);
    }

    @Override
    public void reply(final String contentType, final byte[] payload) {
        checkThread();
        if (!inRequest) {
            throw new IllegalStateException(context.label()
                + " reply : no service request in progress (expected: a call from onMessage of a service request)");
        }
        replyContentType = Objects.requireNonNull(contentType, "contentType");
        replyPayload = Objects.requireNonNull(payload, "payload");
        replied = true;
    }

    @Override
    public void progress() {
        checkThread();
        if (!inRequest) {
            throw new IllegalStateException(context.label()
                + " progress : no service request in progress (expected: a call from onMessage of a service request)");
        }
        progress.run();
    }

    /** What {@link #progress()} does: set by the runtime, which owns the socket. */
    void onProgress(final Runnable action) {
        this.progress = Objects.requireNonNull(action, "action");
    }

    void beginRequest() {
        inRequest = true;
        replyContentType = Envelope.DEFAULT_CONTENT_TYPE;
        replyPayload = EMPTY;
        replied = false;
    }

    void endRequest() {
        inRequest = false;
    }

    String replyContentType() {
        return replyContentType;
    }

    byte[] replyPayload() {
        return replyPayload;
    }

    /** True when the request being handled was given a reply ({@link #reply}); else it is acknowledged. */
    boolean replied() {
        return replied;
    }

    private Envelope create(final String contentType, final byte[] payload) {
        return new Envelope(ids.getAsLong(), context.topology(), context.name(), context.instance(), 1,
            epochMicros.getAsLong(), Objects.requireNonNull(contentType, "contentType"), Map.of(),
            Objects.requireNonNull(payload, "payload"));
    }

    private String requireSendTo() {
        if (sendTo == null) {
            throw new IllegalStateException("satellites." + context.name()
                + ".send_to : not set (expected: a service name, to send(payload) to)");
        }
        return sendTo;
    }

    private List<String> requirePublish() {
        if (publishTopics.isEmpty()) {
            throw new IllegalStateException("satellites." + context.name()
                + ".publish : empty (expected: at least one topic, to publish(payload) on)");
        }
        return publishTopics;
    }

    private static void checkService(final String service) {
        Objects.requireNonNull(service, "service");
        if (!service.isEmpty() && service.length() * 3 <= Mdp.MAX_SERVICE_NAME_BYTES) {
            return; // at most 3 UTF-8 bytes per char: within bounds without encoding it on every send
        }
        final int n = service.getBytes(StandardCharsets.UTF_8).length;
        if (n == 0 || n > Mdp.MAX_SERVICE_NAME_BYTES) {
            throw new IllegalArgumentException("service : \"" + service + "\" is " + n
                + " bytes (expected: 1.." + Mdp.MAX_SERVICE_NAME_BYTES + ")");
        }
    }

    private void checkThread() {
        if (Thread.currentThread() != owner) {
            throw new IllegalStateException(context.label() + " output : used from thread "
                + Thread.currentThread().getName() + " (expected: the runtime thread, inside a callback)");
        }
    }
}
