package io.satbus.orchester;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * When to heartbeat workers and when to declare them dead. A worker is sent HEARTBEAT when the
 * orchester has sent it nothing for {@code intervalMs}; it expires after {@code expiryMs}
 * (interval x liveness) without any valid command from it. A scan of all workers runs when the
 * earliest heartbeat or expiry seen at the last scan falls due, and at least every quarter
 * interval (for workers registered since), not on every loop round.
 *
 * <p>Time is the caller's ({@code nowMs}). Owned by the orchester thread. NOT thread safe.
 */
final class HeartbeatSchedule {
    private final long intervalMs;
    private final long expiryMs;
    private final long scanEveryMs;
    private long nextScanMs = Long.MIN_VALUE;

    HeartbeatSchedule(final long intervalMs, final long expiryMs) {
        this.intervalMs = intervalMs;
        this.expiryMs = expiryMs;
        this.scanEveryMs = Math.max(1, intervalMs / 4);
    }

    /** Scans {@code workers} if a scan is due; returns how many were heartbeated or expired. */
    int onTick(final long nowMs, final Iterable<Worker> workers, final Consumer<Worker> heartbeat,
               final Consumer<Worker> expire) {
        if (nowMs < nextScanMs) {
            return 0;
        }
        long next = nowMs + scanEveryMs;
        List<Worker> expired = null;
        int work = 0;
        for (final Worker w : workers) {
            if (nowMs - w.lastSeenMs >= expiryMs) {
                if (expired == null) {
                    expired = new ArrayList<>();
                }
                expired.add(w);
                continue;
            }
            if (nowMs - w.lastSentMs >= intervalMs) {
                heartbeat.accept(w);
                work++;
            }
            next = Math.min(next, Math.min(w.lastSeenMs + expiryMs, w.lastSentMs + intervalMs));
        }
        nextScanMs = next;
        if (expired != null) {
            for (final Worker w : expired) {
                expire.accept(w);
                work++;
            }
        }
        return work;
    }
}
