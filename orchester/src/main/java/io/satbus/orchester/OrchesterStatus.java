package io.satbus.orchester;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.satbus.core.FileDescriptors;
import java.util.List;

/**
 * A snapshot of a running orchester, taken on its loop thread. Immutable and thread-safe.
 * {@link #toJson()} is the document the {@code satbus.admin} service returns for "status"
 * (fields in snake_case, see docs/protocol.md section 4); {@link #fromJson(String)} reads it back.
 *
 * @param topology topology name
 * @param atMs     orchester clock when the snapshot was taken, ms since the Unix epoch
 * @param inFlight requests dispatched to a worker and not yet answered, over all services
 * @param queued   requests waiting in service queues, over all services
 * @param workers  registered workers, over all services
 * @param awaitingDecision failed attempts waiting for the tracker's RETRY or DEAD (0 without a tracker)
 * @param queuedBytes bytes of the requests held (queued, in flight, awaiting a decision), over all services
 * @param maxQueuedBytes the bound on {@code queuedBytes} ({@code max_queued_bytes})
 * @param totals   counters over all services, plus malformed messages no service can be blamed for
 * @param services per service, sorted by name
 * @param recentDead the last dead messages with the history of their attempts, oldest first
 * @param descriptors the orchester process's file descriptors, open and most it may open
 *                    ({@link FileDescriptors#UNKNOWN} when not told)
 * @param pair     its part in an orchester pair, or null for a single orchester
 */
public record OrchesterStatus(String topology, long atMs, int inFlight, int queued, int workers,
                              int awaitingDecision, long queuedBytes, long maxQueuedBytes, CounterValues totals,
                              List<ServiceStatus> services, List<DeadMessage> recentDead, FileDescriptors descriptors,
                              PairStatus pair) {
    private static final ObjectMapper JSON = new ObjectMapper()
        .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
        .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    public OrchesterStatus {
        services = List.copyOf(services);
        recentDead = recentDead == null ? List.of() : List.copyOf(recentDead);
        descriptors = descriptors == null ? FileDescriptors.UNKNOWN : descriptors;
    }

    /** A single orchester's. */
    public OrchesterStatus(final String topology, final long atMs, final int inFlight, final int queued,
                           final int workers, final int awaitingDecision, final long queuedBytes,
                           final long maxQueuedBytes, final CounterValues totals, final List<ServiceStatus> services,
                           final List<DeadMessage> recentDead, final FileDescriptors descriptors) {
        this(topology, atMs, inFlight, queued, workers, awaitingDecision, queuedBytes, maxQueuedBytes, totals, services,
            recentDead, descriptors, null);
    }

    /** Without the bytes held (0, bound 0) and the process's file descriptors ({@link FileDescriptors#UNKNOWN}). */
    public OrchesterStatus(final String topology, final long atMs, final int inFlight, final int queued,
                           final int workers, final int awaitingDecision, final CounterValues totals,
                           final List<ServiceStatus> services, final List<DeadMessage> recentDead) {
        this(topology, atMs, inFlight, queued, workers, awaitingDecision, 0, 0, totals, services, recentDead, null);
    }

    /** A copy that tells the process's file descriptors. */
    public OrchesterStatus withDescriptors(final FileDescriptors value) {
        return new OrchesterStatus(topology, atMs, inFlight, queued, workers, awaitingDecision, queuedBytes,
            maxQueuedBytes, totals, services, recentDead, value, pair);
    }

    /** A copy that tells its part in an orchester pair. */
    public OrchesterStatus withPair(final PairStatus value) {
        return new OrchesterStatus(topology, atMs, inFlight, queued, workers, awaitingDecision, queuedBytes,
            maxQueuedBytes, totals, services, recentDead, descriptors, value);
    }

    /** True when this orchester routes: a single one, or the active one of a pair. */
    public boolean routes() {
        return pair == null || "active".equals(pair.state());
    }

    /** True when nothing waits, nothing is in flight and no decision is pending: what {@code --until-drained} waits for. */
    public boolean drained() {
        return queued == 0 && inFlight == 0 && awaitingDecision == 0;
    }

    /** The admin JSON document. */
    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException("status of " + topology + " could not be written as JSON", impossible);
        }
    }

    /** Reads a document written by {@link #toJson()}; throws IllegalArgumentException saying what is wrong. */
    public static OrchesterStatus fromJson(final String json) {
        try {
            return JSON.readValue(json, OrchesterStatus.class);
        } catch (JsonProcessingException ex) {
            throw new IllegalArgumentException("orchester status : not a status document (" + ex.getOriginalMessage()
                + ")", ex);
        }
    }

    /** The service named {@code name}, or null. */
    public ServiceStatus service(final String name) {
        for (final ServiceStatus s : services) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        return null;
    }

    /**
     * One service.
     *
     * @param name       service name
     * @param queueDepth requests waiting for a worker with room
     * @param inFlight   requests held by its workers
     * @param queuedBytes bytes of its requests the orchester holds (queued, in flight, awaiting a decision)
     * @param workers    its workers, oldest registration first
     * @param counters   its counters
     */
    public record ServiceStatus(String name, int queueDepth, int inFlight, long queuedBytes, List<WorkerStatus> workers,
                                CounterValues counters) {
        public ServiceStatus {
            workers = List.copyOf(workers);
        }
    }

    /**
     * One worker.
     *
     * @param identity  its ROUTER identity, lower-case hex
     * @param satellite satellite name from its worker info; "" for a plain MDP worker
     * @param instance  instance number from its worker info; -1 for a plain MDP worker
     * @param credit    requests it may hold at once (1 for a plain MDP worker)
     * @param inFlight  requests it holds now
     * @param satbus    true when it sent worker info (its replies carry a reply header)
     */
    public record WorkerStatus(String identity, String satellite, int instance, int credit, int inFlight,
                               boolean satbus) {
    }

    /**
     * A message whose attempts ran out, as published on the dead-letter topic.
     *
     * @param service    the service it was for
     * @param dispatchId the orchester's dispatch id
     * @param attempts   attempts made
     * @param history    each failed attempt, oldest first
     */
    public record DeadMessage(String service, long dispatchId, int attempts, List<FailedAttempt> history) {
        public DeadMessage {
            history = List.copyOf(history);
        }
    }

    /**
     * How one attempt failed.
     *
     * @param worker    worker identity, lower-case hex
     * @param satellite its satellite, "" for a plain MDP worker
     * @param instance  its instance, -1 for a plain MDP worker
     * @param atMs      when the attempt failed, ms since the Unix epoch
     * @param outcome   "error: TEXT", "timeout", "worker lost", "expired: ..." or "refused: too large: ..."
     */
    public record FailedAttempt(String worker, String satellite, int instance, long atMs, String outcome) {
    }

    /**
     * One orchester's part in a pair (Binary Star).
     *
     * @param role       primary or backup
     * @param state      primary, backup (starting), active or passive
     * @param sinceMs    when it entered that state, ms since the Unix epoch
     * @param failovers  times it became active after being passive
     * @param peerState  the peer's last state heard, or null when never heard
     * @param peerSilentMs how long the peer has been silent (since this orchester's start when never heard)
     * @param peer       the other orchester's service endpoint
     * @param refused    requests it refused while not active (each sent its satellite to the peer)
     */
    public record PairStatus(String role, String state, long sinceMs, long failovers, String peerState,
                             long peerSilentMs, String peer, long refused) {
    }

    /** Counter values; see docs/protocol.md section 4 for what each one counts. */
    public record CounterValues(long requests, long dispatched, long done, long errors, long retries,
                                long workerLost, long timeouts, long progress, long dead, long lateReplies,
                                long malformed, long refused, long expired, long tooLarge, long suspects,
                                long forbidden, long refusedKeys) {
        /** Every counter 0. */
        public static final CounterValues ZERO = new CounterValues(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);


    }
}
