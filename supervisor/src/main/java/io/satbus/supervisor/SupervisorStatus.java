package io.satbus.supervisor;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.satbus.orchester.OrchesterStatus;
import java.util.List;
import java.util.Map;

/**
 * A supervisor at one moment, as {@code satbus status} and the live view show it; the JSON the
 * control service answers {@code status} with (snake_case). Immutable.
 *
 * @param topology     topology name
 * @param host         the host it supervises ({@link Supervisor#MAIN_HOST} for the main one)
 * @param pid          the supervisor's process id
 * @param atMs         when it was taken, ms since the Unix epoch
 * @param wanted       instances wanted per satellite of this host, in file order
 * @param instances    every satellite instance, by satellite then number
 * @param orchesterProcess the orchester child, or null on a host without it
 * @param orchester    the orchester's last status from its child, or null
 * @param latencyP99Ms per satellite, 99th percentile latency from the tracker, or null
 * @param autoscale    per autoscaled satellite of this host, its rule and state; null when none autoscales
 * @param ended        per satellite, the counters of its processes that have exited (earlier
 *                     processes of restarted instances, instances removed by scaling, stopped
 *                     ones) which the instances' current reports do not carry: a cumulative
 *                     report already carries its slot's earlier processes ({@link SlotLedger})
 * @param run          this host's share of the run's accounting ({@link RunTotals}): its
 *                     sources' generated, its terminal satellites' delivered, its satellites'
 *                     duplicates, dead and lost; the run's figures are the sum over its hosts
 * @param startedAtMs  when the supervisor started, ms since the Unix epoch: the run's age is
 *                     {@code atMs - startedAtMs}
 * @param backupProcess the orchester's backup child (an orchester pair on this host), or null
 * @param pair         with an orchester pair on this host, each orchester's last status (the
 *                     primary's, then the backup's; null for one not heard from), else null;
 *                     {@code orchester} is then the active one's
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SupervisorStatus(String topology, String host, long pid, long atMs, Map<String, Integer> wanted,
                               List<InstanceStatus> instances, InstanceStatus orchesterProcess,
                               OrchesterStatus orchester, Map<String, Double> latencyP99Ms,
                               Map<String, AutoscaleStatus> autoscale, Map<String, Counts> ended,
                               RunTotals run, long startedAtMs, InstanceStatus backupProcess,
                               List<OrchesterStatus> pair) {
    private static final ObjectMapper JSON = new ObjectMapper()
        .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
        .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** Without an orchester pair on this host. */
    public SupervisorStatus(final String topology, final String host, final long pid, final long atMs,
                            final Map<String, Integer> wanted, final List<InstanceStatus> instances,
                            final InstanceStatus orchesterProcess, final OrchesterStatus orchester,
                            final Map<String, Double> latencyP99Ms, final Map<String, AutoscaleStatus> autoscale,
                            final Map<String, Counts> ended, final RunTotals run, final long startedAtMs) {
        this(topology, host, pid, atMs, wanted, instances, orchesterProcess, orchester, latencyP99Ms, autoscale, ended,
            run, startedAtMs, null, null);
    }

    /**
     * One instance.
     *
     * @param satellite   satellite name ("" for the orchester)
     * @param instance    instance number
     * @param state       RUNNING, BACKOFF (waiting to restart), FLAPPING (held off), STOPPING, STOPPED, or
     *                    EXITED (ended on its own while the run was stopping, not cleanly, and not restarted)
     * @param pid         process id of its current or last process, 0 before the first
     * @param restarts    restarts after unexpected exits
     * @param flaps       times it became flapping
     * @param restartAtMs when the last restarts happened, ms since the Unix epoch (at most the last 16)
     * @param lastExit    exit code of its last unexpected exit, or null
     * @param report      its latest report, or null
     * @param lastError   why its last process exited unexpectedly, or could not be started, in one
     *                    line: its last error line, not a trace ({@code exit 1: ModuleNotFoundError:
     *                    No module named 'msgpack'}); null when none has
     * @param failedStarts processes in a row that ended (or could not be started) before their first
     *                    report; at {@link #CANNOT_START} it cannot start
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record InstanceStatus(String satellite, int instance, String state, long pid, long restarts, long flaps,
                                 List<Long> restartAtMs, Integer lastExit, ChildReport report, String lastError,
                                 int failedStarts) {
        /** Failed starts in a row after which an instance cannot start: waiting for it is waiting forever. */
        public static final int CANNOT_START = 3;

        public boolean up() {
            return "RUNNING".equals(state);
        }

        /** True when it cannot start: {@link #CANNOT_START} processes in a row ended before their first report. */
        public boolean cannotStart() {
            return failedStarts >= CANNOT_START;
        }

        /** Its label, {@code upper.0}, or {@code orchester} (and {@code orchester-backup} for the backup of a pair). */
        public String label() {
            return satellite.isEmpty() ? (instance == 1 ? "orchester-backup" : "orchester") : satellite + "." + instance;
        }

        public boolean flapping() {
            return "FLAPPING".equals(state);
        }

        /** True when it ended on its own while the run was stopping, not cleanly: what it held is not accounted for. */
        public boolean exited() {
            return "EXITED".equals(state);
        }
    }

    /**
     * One autoscaled satellite ({@link Autoscaler}).
     *
     * @param min          fewest instances
     * @param max          most instances
     * @param high         load at or above which it grows
     * @param low          load at or below which it shrinks
     * @param upAfterMs    how long the load must stay high
     * @param downAfterMs  how long the load must stay low
     * @param load         its last load, (queued + in flight) / (ready x credit), or null when unknown
     * @param ready        instances running and registered at the orchester, counted as capacity
     * @param state        "steady", "high for 1.2 s", "low for 3.0 s", "high, at max", "low, at min",
     *                     "changed", or "held: ..." with the reason no change is considered
     * @param scaleUps     instances it added
     * @param scaleDowns   instances it removed
     * @param lastChangeMs when it or a hand last changed the count (the supervisor's clock), or null
     * @param lastDecision why, e.g. "parser: load 0.93 >= 0.80 for 2.1 s, scaling 2 -> 3", or null
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AutoscaleStatus(int min, int max, double high, double low, long upAfterMs, long downAfterMs,
                                  Double load, int ready, String state, long scaleUps, long scaleDowns,
                                  Long lastChangeMs, String lastDecision) {
    }

    /**
     * Counters of a satellite, summed over reports.
     *
     * @param processes  reports summed: one per ended process, or one per instance slot whose
     *                   cumulative report stands for all its ended processes
     * @param handled    messages handled
     * @param errors     handler failures
     * @param sent       service sends made
     * @param acked      of those, acknowledged
     * @param resent     sends made again under the same id
     * @param dead       sends released by a dead notice
     * @param lost       sends given up without an acknowledgement or a dead notice
     * @param duplicates repeats answered without calling the handler
     */
    public record Counts(long processes, long handled, long errors, long sent, long acked, long resent, long dead,
                         long lost, long duplicates) {
        public static final Counts NONE = new Counts(0, 0, 0, 0, 0, 0, 0, 0, 0);

        public static Counts of(final ChildReport r) {
            return new Counts(1, r.handled(), r.errors(), r.sent(), r.acked(), r.resent(), r.dead(), r.lost(),
                r.duplicates());
        }

        public Counts plus(final Counts o) {
            return new Counts(processes + o.processes, handled + o.handled, errors + o.errors, sent + o.sent,
                acked + o.acked, resent + o.resent, dead + o.dead, lost + o.lost, duplicates + o.duplicates);
        }
    }

    /** How long this supervisor has run, at {@code atMs}. */
    public long elapsedMs() {
        return Math.max(0, atMs - startedAtMs);
    }

    /** The counters of {@code satellite}'s exited processes its instances' reports do not carry, or null when none. */
    public Counts endedOf(final String satellite) {
        return ended == null ? null : ended.get(satellite);
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException("supervisor status could not be written as JSON", impossible);
        }
    }

    /** Reads {@link #toJson()}'s document; throws IllegalArgumentException saying what is wrong. */
    public static SupervisorStatus fromJson(final String json) {
        try {
            return JSON.readValue(json, SupervisorStatus.class);
        } catch (JsonProcessingException ex) {
            throw new IllegalArgumentException("supervisor status : not a status document (" + ex.getOriginalMessage()
                + ")", ex);
        }
    }

    /** The instances of {@code satellite}. */
    public List<InstanceStatus> instancesOf(final String satellite) {
        return instances.stream().filter(i -> i.satellite().equals(satellite)).toList();
    }
}
