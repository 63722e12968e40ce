package io.satbus.supervisor;

import io.satbus.core.topology.AutoscaleSpec;
import java.util.Locale;
import java.util.Objects;

/**
 * Decides when one worker satellite gets another instance or loses one, by its load: the
 * requests queued for its service and held by its instances, over what its ready instances can
 * hold, {@code (queued + in flight) / (ready x credit)}. A load that stays at or above
 * {@code high} for {@code up_after} adds one instance, up to {@code max}; at or below
 * {@code low} for {@code down_after} removes one, down to {@code min}. A change (its own, or
 * one made by hand) starts both measurements afresh, so the next change comes at least
 * {@code up_after} or {@code down_after} after it.
 *
 * <p>Only ready instances (running and registered at the orchester) count as capacity, and
 * while any wanted instance is not ready (starting, restarting) or is flapping, the load is not
 * taken as a reason to grow: the instance already asked for must serve first, and one that
 * keeps crashing is not helped by more of it. So a slow start or a crash loop never makes it
 * grow without bound. Shrinking goes on meanwhile: a load measured on fewer instances than
 * wanted is, if anything, too high.
 *
 * <p>Pure: time comes in as {@code nowMs}, figures as an {@link Observation}. NOT thread safe;
 * the supervisor's loop owns it.
 */
public final class Autoscaler {
    private static final long NONE = Long.MIN_VALUE;

    private final String satellite;
    private final AutoscaleSpec rule;
    private final int credit;
    private long highSinceMs = NONE;
    private long lowSinceMs = NONE;
    private long lastChangeMs = NONE;
    private long scaleUps;
    private long scaleDowns;
    private double load = Double.NaN;
    private int ready;
    private String state = "starting";
    private String lastDecision;

    /**
     * What the supervisor sees of one satellite at one moment.
     *
     * @param wanted   instances wanted now
     * @param ready    of those, running and registered as workers at the orchester
     * @param flapping true when one of them is held off for exiting too often
     * @param queued   requests waiting in the orchester for its service
     * @param inFlight requests its workers hold
     * @param known    false when the orchester's figures are missing or stale: no decision then
     */
    public record Observation(int wanted, int ready, boolean flapping, int queued, int inFlight, boolean known) {
        /** Without the orchester's figures. */
        public static Observation unknown(final int wanted, final int ready, final boolean flapping) {
            return new Observation(wanted, ready, flapping, 0, 0, false);
        }
    }

    /**
     * @param satellite its name, for the decisions' text
     * @param rule      its autoscale rule
     * @param credit    requests one of its instances may hold
     */
    public Autoscaler(final String satellite, final AutoscaleSpec rule, final int credit) {
        this.satellite = Objects.requireNonNull(satellite, "satellite");
        this.rule = Objects.requireNonNull(rule, "rule");
        if (credit < 1) {
            throw new IllegalArgumentException("credit : " + credit + " (expected: >= 1)");
        }
        this.credit = credit;
    }

    public AutoscaleSpec rule() {
        return rule;
    }

    /**
     * Takes in what the supervisor sees at {@code nowMs}.
     *
     * @return the instances wanted from now on: {@code o.wanted()}, one more or one fewer; when it
     *         differs, {@link #lastDecision()} says why
     */
    public int decide(final long nowMs, final Observation o) {
        ready = o.ready();
        if (!o.known() || o.ready() == 0) {
            load = Double.NaN;
            return hold(o.known() ? "held: no instance ready" : "held: no figures from the orchester", o.wanted());
        }
        load = (o.queued() + (double) o.inFlight()) / ((double) o.ready() * credit);
        if (load >= rule.high()) {
            lowSinceMs = NONE;
            if (o.wanted() >= rule.max()) {
                return hold("high, at max", o.wanted());
            }
            if (o.flapping() || o.ready() < o.wanted()) {
                return hold(o.flapping() ? "held: an instance is flapping" : "held: instances starting", o.wanted());
            }
            highSinceMs = highSinceMs == NONE ? nowMs : highSinceMs;
            state = "high for " + seconds(nowMs - highSinceMs);
            return nowMs - highSinceMs >= rule.upAfterMs()
                ? change(nowMs, o.wanted(), o.wanted() + 1, ">= " + fixed(rule.high()), highSinceMs) : o.wanted();
        }
        if (load <= rule.low()) {
            highSinceMs = NONE;
            if (o.wanted() <= rule.min()) {
                return hold("low, at min", o.wanted());
            }
            lowSinceMs = lowSinceMs == NONE ? nowMs : lowSinceMs;
            state = "low for " + seconds(nowMs - lowSinceMs);
            return nowMs - lowSinceMs >= rule.downAfterMs()
                ? change(nowMs, o.wanted(), o.wanted() - 1, "<= " + fixed(rule.low()), lowSinceMs) : o.wanted();
        }
        return hold("steady", o.wanted());
    }

    /** Records a count set by hand ({@code satbus scale}): both measurements start afresh. */
    public void setByHand(final long nowMs, final int from, final int to) {
        lastChangeMs = nowMs;
        highSinceMs = NONE;
        lowSinceMs = NONE;
        lastDecision = satellite + ": scaling " + from + " -> " + to + " by hand";
    }

    /** Keeps {@code wanted}; both measurements start afresh next time. */
    private int hold(final String why, final int wanted) {
        highSinceMs = NONE;
        lowSinceMs = NONE;
        state = why;
        return wanted;
    }

    private int change(final long nowMs, final int from, final int to, final String test, final long sinceMs) {
        lastDecision = satellite + ": load " + fixed(load) + " " + test + " for " + seconds(nowMs - sinceMs)
            + ", scaling " + from + " -> " + to;
        if (to > from) {
            scaleUps++;
        } else {
            scaleDowns++;
        }
        lastChangeMs = nowMs;
        highSinceMs = NONE;
        lowSinceMs = NONE;
        state = "changed";
        return to;
    }

    /** Why the last change was made, e.g. "parser: load 0.93 >= 0.80 for 2.1 s, scaling 2 -> 3"; null before the first. */
    public String lastDecision() {
        return lastDecision;
    }

    /** Instances it added, since the start. */
    public long scaleUps() {
        return scaleUps;
    }

    /** Instances it removed, since the start. */
    public long scaleDowns() {
        return scaleDowns;
    }

    /** Its figures for the status, at {@code nowMs}. */
    public SupervisorStatus.AutoscaleStatus status() {
        return new SupervisorStatus.AutoscaleStatus(rule.min(), rule.max(), rule.high(), rule.low(), rule.upAfterMs(),
            rule.downAfterMs(), Double.isNaN(load) ? null : Math.round(load * 1000) / 1000.0, ready, state, scaleUps,
            scaleDowns, lastChangeMs == NONE ? null : lastChangeMs, lastDecision);
    }

    private static String fixed(final double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    private static String seconds(final long ms) {
        return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }
}
