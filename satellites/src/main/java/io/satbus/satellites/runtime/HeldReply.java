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

    private static final byte[] NO_PAYLOAD = new byte[0];

    private final long messageId;
    private final boolean envelope;
    private byte[] replyHeader;
    private byte[] replyPayload;
    private boolean acknowledgement;
    /** The first asker, held inline: nearly always the only one. */
    private final byte[] token;
    private final int generation;
    /** The askers after the first (repeats of the request while it was held), or null. */
    private List<Asker> repeats;
    private int waiting;
    private boolean cancelled;

    /**
     * @param messageId the request's message id
     * @param envelope  true when the request was an envelope (its id is remembered once completed)
     * @param token      the token it came with
     * @param generation the connection it came by
     */
    HeldReply(final long messageId, final boolean envelope, final byte[] token, final int generation) {
        this.messageId = messageId;
        this.envelope = envelope;
        this.token = token;
        this.generation = generation;
    }

    /** The reply, once the handler returned: its envelope header (null for a plain request) and payload. */
    void reply(final byte[] header, final byte[] payload) {
        this.replyHeader = header;
        this.replyPayload = payload;
    }

    /** The handler returned without a reply: an acknowledgement of the id alone goes (docs/protocol.md 2.3). */
    void acknowledge() {
        this.acknowledgement = true;
        this.replyPayload = NO_PAYLOAD;
    }

    /** True when the reply is an acknowledgement ({@link #acknowledge}), its header made as it goes. */
    boolean acknowledgement() {
        return acknowledgement;
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

    /** How many have asked: the first and every repeat. */
    int askers() {
        return repeats == null ? 1 : 1 + repeats.size();
    }

    /** The token of asker {@code i} (0: the first). */
    byte[] token(final int i) {
        return i == 0 ? token : repeats.get(i - 1).token();
    }

    /** The connection asker {@code i} came by. */
    int generation(final int i) {
        return i == 0 ? generation : repeats.get(i - 1).generation();
    }

    /** A repeat of the request, asked by {@code token} on connection {@code generation}, while held. */
    void ask(final byte[] token, final int generation) {
        if (repeats == null) {
            repeats = new ArrayList<>(1);
        }
        repeats.add(new Asker(token, generation));
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
