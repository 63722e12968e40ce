package io.satbus.cli;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Formats the one-line live progress of a run: per satellite the messages it handled (or, for
 * a source, sent) and the rate since the last line, then the orchester's queue and the run's
 * duplicates, dead and lost ({@link io.satbus.supervisor.RunTotals}).
 *
 * <pre>
 * hello 3.0s | gen 1000 sent | upper 2/2 812 +401/s | out 790 +395/s | queued 3 in-flight 12 | duplicates 0, dead 0, lost 0
 * </pre>
 * A failing child adds its reason at the end, {@code | failing: upper.0 FLAPPING after 5 restarts: exit 1: ...}.
 * Owned by the thread that prints.
 */
final class ProgressLine {
    private final Map<String, Long> lastCount = new HashMap<>();
    private long lastElapsedMs = -1;

    String format(final RunSnapshot s) {
        final StringBuilder b = new StringBuilder(160);
        b.append(s.topology()).append(' ').append(String.format(Locale.ROOT, "%.1fs", s.elapsedMs() / 1000.0));
        final long intervalMs = lastElapsedMs < 0 ? s.elapsedMs() : s.elapsedMs() - lastElapsedMs;
        for (SatelliteTotals t : s.satellites()) {
            final long count = t.source() ? t.sent() : t.handled();
            b.append(" | ").append(t.name());
            if (t.wanted() > 1 || t.up() != t.wanted()) {
                b.append(' ').append(t.up()).append('/').append(t.wanted());
            }
            b.append(' ').append(count);
            if (t.source()) {
                b.append(t.done() ? " sent (done)" : " sent");
            }
            final long before = lastCount.getOrDefault(t.name(), 0L);
            if (intervalMs > 0 && count > before) {
                b.append(" +").append((count - before) * 1000 / intervalMs).append("/s");
            }
            if (t.errors() > 0) {
                b.append(" err ").append(t.errors());
            }
            lastCount.put(t.name(), count);
        }
        b.append(" | queued ").append(s.orchester().queued())
            .append(" in-flight ").append(s.orchester().inFlight());
        final var totals = s.orchester().totals();
        if (totals.retries() > 0 || totals.timeouts() > 0) {
            b.append(" retries ").append(totals.retries()).append(" timeouts ").append(totals.timeouts());
        }
        final var run = s.totals();
        b.append(" | duplicates ").append(run.duplicates()).append(", dead ").append(run.dead())
            .append(", lost ").append(run.lost());
        for (Failing f : s.failing()) {
            b.append(" | failing: ").append(f.describe());
        }
        lastElapsedMs = s.elapsedMs();
        return b.toString();
    }
}
