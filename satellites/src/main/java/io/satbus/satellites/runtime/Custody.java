package io.satbus.satellites.runtime;

import io.satbus.core.collections.LongObjectHashMap;
import io.satbus.core.envelope.Envelope;
import io.satbus.satellites.runtime.CustodyWindow.Kept;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bookkeeping of custody for one instance (docs/protocol.md 2.7): the sends it keeps
 * until acknowledged or released as dead ({@link CustodyWindow}), the replies it holds until
 * the sends made for them have passed on ({@link HeldReply}), the ids it completed and what
 * must survive its process ({@link SlotStore}, {@link Positions}, the {@link Outbox}). It
 * decides; the agent sends.
 *
 * <p>NOT thread-safe: owned by the runtime thread.
 */
final class Custody {
    private static final Logger LOG = LoggerFactory.getLogger(Custody.class);
    /** Longest wait before a refused send goes again. */
    static final long MAX_REFUSAL_WAIT_MS = 5_000;

    private final String label;
    private final boolean source;
    private final boolean endToEnd;
    private final SatelliteStats stats;
    private final CustodyWindow window;
    private final SlotStore store;
    private final Outbox outbox;
    private final LongObjectHashMap<HeldReply> heldById = new LongObjectHashMap<>(128);
    /** Refused sends by id: {when to send again, refusals in a row}. */
    private final Map<Long, long[]> refusedById = new LinkedHashMap<>();
    private long resumedAt = -1;
    /** Something to save changed since the last {@link #save}. */
    private boolean dirty;

    /**
     * @param slot     "NAME.K", the instance slot's name in the state directory
     * @param source   true for a {@code Source}: its messages have positions and may be produced again
     * @param endToEnd true: a reply waits for the sends made while handling its request ({@code custody})
     */
    Custody(final String label, final String slot, final boolean source, final boolean endToEnd,
            final int sendWindow, final int dedupWindow, final Path stateDir, final boolean outbox,
            final boolean outboxFsync, final SatelliteStats stats) {
        this.label = label;
        this.source = source;
        this.endToEnd = endToEnd;
        this.stats = stats;
        this.window = new CustodyWindow(sendWindow);
        this.store = SlotStore.open(stateDir, slot, dedupWindow);
        this.outbox = outbox && stateDir != null ? Outbox.open(stateDir.resolve(slot + ".outbox"), outboxFsync) : null;
        if (store.restored()) {
            stats.restore(store.restoredCounters());
        }
        stats.cumulative(stateDir != null);
    }

    /** Where a source should produce from ({@link io.satbus.satellites.api.SatelliteContext#resumePosition}). */
    long resumePosition() {
        if (!source) {
            return 0;
        }
        if (resumedAt < 0) {
            final Positions p = store.positions();
            resumedAt = outbox != null ? p.restartNext() : p.prefix();
            p.resumeAt(resumedAt);
        }
        return resumedAt;
    }

    /**
     * After the satellite opened: what the earlier processes left. The outbox's sends are kept
     * to go again; without an outbox, the sends of a source that does not produce again and the
     * orphans (sends no held reply stands for) are lost, counted.
     */
    void started() {
        if (outbox != null) {
            for (Kept k : outbox.pending()) {
                window.keep(k);
            }
        }
        long lost = 0;
        if (source && resumedAt < 0 && outbox == null) {
            lost += store.positions().writeOffUnpassed();
        }
        if (outbox == null) {
            lost += store.restoredOrphans();
        }
        if (lost > 0) {
            stats.countLost((int) Math.min(Integer.MAX_VALUE, lost));
            LOG.warn("{} {} messages sent by the earlier process were never acknowledged and cannot be sent again"
                + " (no outbox{}): counted lost", label, lost, source ? ", and the source does not resume" : "");
        }
        stats.outstanding(window.size());
        save();
    }

    long nextId() {
        return store.positions().nextId();
    }

    boolean hasRoom() {
        return window.hasRoom();
    }

    int size() {
        return window.size();
    }

    /** Every kept send, oldest first: to send again after a reconnect. */
    Iterable<Kept> kept() {
        return window.all();
    }

    /**
     * Keeps a send of {@code m}, made while {@code held} was being handled (null: outside any
     * request, or without end-to-end custody). Returns null when it need not go: a restarted
     * source produced again a message whose custody had passed before the restart.
     */
    Kept keep(final byte[] service, final Envelope m, final HeldReply held) {
        final Positions p = store.positions();
        final long position = source ? p.positionOf(m.id()) : -1;
        if (position >= 0 && position < p.restartNext() && p.passed(position)) {
            return null;
        }
        final HeldReply waiting = endToEnd ? held : null;
        if (waiting != null) {
            waiting.waitFor();
        }
        final Kept k = new Kept(m.id(), service, m, null, m.payload(), position,
            waiting == null ? List.of() : List.of(waiting));
        window.keep(k);
        if (outbox != null) {
            outbox.sent(k);
        }
        if (position >= 0 && position < p.restartNext()) {
            stats.countResent(1);
        } else {
            stats.countSent();
        }
        if (position >= 0) {
            p.kept(position);
        }
        stats.outstanding(window.size());
        return k;
    }

    /**
     * An acknowledgement ({@code dead} false) or dead notice of {@code id}: releases the send
     * and returns the held replies that may now go (not to be changed), or null when nothing was kept under that id.
     */
    List<HeldReply> passed(final long id, final boolean dead) {
        final Kept k = window.release(id);
        if (k == null) {
            return null;
        }
        if (!refusedById.isEmpty()) {
            refusedById.remove(id);
        }
        dirty = true;
        if (dead) {
            stats.countDead();
        } else {
            stats.countAcked();
        }
        if (outbox != null) {
            outbox.passed(id);
        }
        if (k.position() >= 0) {
            store.positions().pass(k.position());
        }
        stats.outstanding(window.size());
        final List<HeldReply> waiting = k.waiting();
        if (waiting.size() == 1) {
            return waiting.get(0).passed() ? waiting : List.of();
        }
        List<HeldReply> ready = List.of();
        for (int i = 0; i < waiting.size(); i++) {
            final HeldReply h = waiting.get(i);
            if (h.passed()) {
                if (ready.isEmpty()) {
                    ready = new ArrayList<>(1);
                }
                ready.add(h);
            }
        }
        return ready;
    }

    /**
     * The orchester refused the send of {@code id} for now: it stays kept and is due again after
     * {@code retryAfterMs}, doubled for each refusal of it in a row, at most {@link #MAX_REFUSAL_WAIT_MS}.
     * Returns the wait, or -1 when nothing is kept under that id.
     */
    long refused(final long id, final long retryAfterMs, final long nowMs) {
        if (!window.contains(id)) {
            return -1;
        }
        stats.countRefused();
        final long[] r = refusedById.computeIfAbsent(id, k -> new long[2]);
        r[1]++;
        final long waitMs = Math.min(MAX_REFUSAL_WAIT_MS, retryAfterMs << Math.min(20, r[1] - 1));
        r[0] = nowMs + waitMs;
        return waitMs;
    }

    /** The refused sends due again at {@code nowMs}, oldest first; they count as resent. */
    List<Kept> dueAgain(final long nowMs) {
        if (refusedById.isEmpty()) {
            return List.of();
        }
        final List<Kept> due = new ArrayList<>();
        for (Map.Entry<Long, long[]> e : refusedById.entrySet()) {
            final long[] r = e.getValue();
            if (r[0] > 0 && r[0] <= nowMs) {
                final Kept k = window.get(e.getKey());
                if (k != null) {
                    due.add(k);
                }
                r[0] = 0;
            }
        }
        stats.countResent(due.size());
        return due;
    }

    /** A new connection: every kept send goes again at once, refused or not. */
    void reconnected() {
        refusedById.clear();
    }

    /** True when {@code id} was completed: a repeat, answered at once. */
    boolean completed(final long id) {
        return store.completed(id);
    }

    /** The reply held for request {@code id} while its sends are under way, or null. */
    HeldReply heldFor(final long id) {
        return heldById.get(id);
    }

    /** The replies held now (requests this worker still holds), to send PROGRESS for; a copy. */
    java.util.Collection<HeldReply> held() {
        return heldById.values();
    }

    /** A reply that must wait for the sends made for it ({@link HeldReply#ready()} false). */
    void hold(final HeldReply h) {
        if (h.envelope()) {
            heldById.put(h.messageId(), h);
        }
    }

    /** The reply went (or would have, had its connection lived): the request is complete. */
    void replied(final HeldReply h) {
        heldById.remove(h.messageId());
        if (h.envelope()) {
            store.complete(h.messageId());
        }
    }

    /** Saves when acknowledgements came since the last save (no flush saved them): end of a round. */
    void saveIfDirty() {
        if (dirty) {
            save();
        }
    }

    /** Writes what must survive the process; before anything leaves it. */
    void save() {
        dirty = false;
        if (outbox != null) {
            outbox.flush();
        }
        store.save(stats.snapshot(), window.orphans());
    }

    /**
     * A forced stop with sends still kept: those no held reply stands for are lost (without an
     * outbox, which keeps them for the slot's next process). Returns how many.
     */
    int abandon() {
        if (outbox != null) {
            return 0;
        }
        int lost = 0;
        for (Kept k : window.all()) {
            window.release(k.id());
            if (k.waiting().isEmpty()) {
                lost++;
                if (k.position() >= 0) {
                    // Counted lost now: a later process of the slot must neither count it again nor produce it.
                    store.positions().pass(k.position());
                }
            }
        }
        if (lost > 0) {
            stats.countLost(lost);
        }
        stats.outstanding(window.size());
        return lost;
    }

    /** Saves (unless the instance is killed, as a crashed process would not) and closes the files. */
    void close(final boolean save) {
        if (save) {
            save();
        }
        store.close();
        if (outbox != null) {
            outbox.close();
        }
    }
}
