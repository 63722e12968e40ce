package io.satbus.supervisor;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.satbus.orchester.OrchesterStatus;
import io.satbus.satellites.runtime.SatelliteStats;
import java.util.Map;

/**
 * What a supervised child reports about itself, one line on its stdout every
 * {@link #DEFAULT_INTERVAL_MS}:
 *
 * <pre>
 * &#64;satbus {"pid":4242,"handled":812,"errors":0,...,"done":false}
 * </pre>
 * A satellite fills the counters; the orchester fills {@code orchester} (its admin status) and
 * {@code latency_p99_ms} (per satellite, from the tracker's latency timers). Immutable.
 *
 * @param pid          the child's process id
 * @param handled      messages handled
 * @param errors       handler failures
 * @param sent         service sends made
 * @param acked        of those, acknowledged
 * @param resent       sends made again under the same id (after a reconnect, or by a restarted source)
 * @param dead         sends released by a dead notice (dead-lettered)
 * @param lost         sends given up without an acknowledgement or a dead notice
 * @param duplicates   repeats of completed requests, answered without calling the handler
 * @param cumulative   the counters include the earlier processes of the same instance slot (the
 *                     child keeps them in a state directory): this report replaces, not adds to,
 *                     what those processes reported. False from a command satellite that does
 *                     not say so.
 * @param outstanding  sends waiting for their acknowledgement
 * @param inProgress   messages being handled
 * @param queued       requests received and not yet handled
 * @param done         a source has finished
 * @param orchester    the orchester's status, or null from a satellite
 * @param latencyP99Ms 99th percentile of dispatch-to-reply latency per satellite, or null
 * @param heapUsedBytes heap the child's JVM uses (0 from a program in another language that does not say)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChildReport(long pid, long handled, long errors, long sent, long acked, long resent, long dead, long lost,
                          long duplicates, boolean cumulative, int outstanding, int inProgress, int queued, boolean done,
                          OrchesterStatus orchester, Map<String, Double> latencyP99Ms, long heapUsedBytes) {
    /** Marks a report line among a child's other output. */
    public static final String PREFIX = "@satbus ";
    public static final long DEFAULT_INTERVAL_MS = 200;

    private static final ObjectMapper JSON = new ObjectMapper()
        .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
        .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** A satellite's report. */
    public static ChildReport of(final SatelliteStats s) {
        return new ChildReport(ProcessHandle.current().pid(), s.handled(), s.errors(), s.sent(), s.acked(), s.resent(),
            s.dead(), s.lost(), s.duplicates(), s.cumulative(), s.outstanding(), s.inProgress(), s.queued(), s.done(),
            null, null, heapUsed());
    }

    /** The orchester's report. */
    public static ChildReport of(final OrchesterStatus status, final Map<String, Double> latencyP99Ms) {
        return new ChildReport(ProcessHandle.current().pid(), 0, 0, 0, 0, 0, 0, 0, 0, false, 0, 0, 0, false, status,
            latencyP99Ms, heapUsed());
    }

    private static long heapUsed() {
        final Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }

    /** The line a child prints: {@link #PREFIX} and the JSON document. */
    public String toLine() {
        try {
            return PREFIX + JSON.writeValueAsString(this);
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException("child report could not be written as JSON", impossible);
        }
    }

    /** The report in {@code line}, or null when it is not a report line (an ordinary output line). */
    static ChildReport parse(final String line) {
        if (!line.startsWith(PREFIX)) {
            return null;
        }
        try {
            return JSON.readValue(line.substring(PREFIX.length()), ChildReport.class);
        } catch (JsonProcessingException ex) {
            return null;
        }
    }

    /** Nothing waits on this satellite: (a source) finished, no send unacknowledged, nothing in hand. */
    public boolean idle(final boolean source) {
        return (!source || done) && outstanding == 0 && inProgress == 0 && queued == 0;
    }
}
