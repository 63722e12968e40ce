package io.satbus.satellites.runtime;

import java.util.ArrayList;
import java.util.List;

/**
 * The reply to a request whose handler sent messages on: it goes only when every one of them
 * has been acknowledged or released as dead, so that the request's sender keeps custody until
 * the work is done (docs/protocol.md 2.7). A repeat of the request that comes meanwhile
 * adds its token and is answered with it.
 *
 * <p>NOT thread-safe: owned by the runtime thread.
 */
final class HeldReply {
    /** A token to answer and the connection it came by. */
    record Asker(byte[] token, int generation) {
    }

    private final long messageId;
    private final boolean envelope;
    private byte[] replyHeader;
    private byte[] replyPayload;
    /** The first asker alone (nearly always), a list of its own once a repeat adds one. */
    private List<Asker> askers;
    private int waiting;
    private boolean cancelled;

    /**
     * @param messageId the request's message id
     * @param envelope  true when the request was an envelope (its id is remembered once completed)
     * @param first     the token it came with
     */
    HeldReply(final long messageId, final boolean envelope, final Asker first) {
        this.messageId = messageId;
        this.envelope = envelope;
        this.askers = List.of(first);
    }

    /** The reply, once the handler returned: its envelope header (null for a plain request) and payload. */
    void reply(final byte[] header, final byte[] payload) {
        this.replyHeader = header;
        this.replyPayload = payload;
    }

    long messageId() {
        return messageId;
    }

    boolean envelope() {
        return envelope;
    }

    byte[] replyHeader() {
        return replyHeader;
    }

    byte[] replyPayload() {
        return replyPayload;
    }

    List<Asker> askers() {
        return askers;
    }

    void ask(final Asker a) {
        if (!(askers instanceof ArrayList)) {
            askers = new ArrayList<>(askers);
        }
        askers.add(a);
    }

    /** One more sent message to wait for. */
    void waitFor() {
        waiting++;
    }

    /** One sent message passed on; true when that was the last one and the reply may go. */
    boolean passed() {
        return --waiting == 0 && ready();
    }

    /** True when the handler returned and no sent message is waited for. */
    boolean ready() {
        return !cancelled && waiting == 0 && replyPayload != null;
    }

    /** Never to be sent (the handler failed: the request is answered with an error at once). */
    void cancel() {
        cancelled = true;
    }
}
