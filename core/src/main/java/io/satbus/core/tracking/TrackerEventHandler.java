package io.satbus.core.tracking;

/**
 * Receives the events of one frame decoded by {@link TrackerEventCodec#decode}, in order,
 * without one object per event. Called on the decoding thread.
 */
public interface TrackerEventHandler {
    /** First event on a link: which topology's orchester is speaking. */
    void onHello(String topology);

    /** A worker registered; {@code worker} is the key later events use for it. */
    void onWorkerUp(int worker, String identityHex, String service, String satellite, int instance);

    /** The worker is gone; its in-flight attempts were reported failed before this event. */
    void onWorkerDown(int worker);

    /** Attempt {@code attempt} of dispatch {@code dispatchId} was sent to {@code worker}. */
    void onDispatched(long dispatchId, int attempt, int worker);

    /** The attempt was answered and the reply forwarded to the client. */
    void onReplied(long dispatchId, int attempt);

    /**
     * The attempt failed; the orchester waits for a RETRY or DEAD decision.
     *
     * @param atMs    orchester clock at the failure, ms since the Unix epoch
     * @param outcome {@link Outcomes}: "error: TEXT", "timeout" or "worker lost"
     */
    void onFailed(long dispatchId, int attempt, long atMs, String outcome);

    /** The worker holding the attempt says it is still working on it. */
    void onProgress(long dispatchId, int attempt);

    /** {@code worker} replied to an attempt that was no longer in flight on it (late or duplicate); dropped. */
    void onLateReply(long dispatchId, int attempt, int worker);

    /**
     * The attempt's worker was lost while it held other requests too: the attempt is not charged
     * and will be dispatched again, as the same attempt, alone (poison isolation).
     */
    void onSuspect(long dispatchId, int attempt);

    /**
     * The orchester gave the request up itself, dead, after {@code attempts} attempts (0 if it was
     * never dispatched): it expired queued, or was too large to take.
     *
     * @param outcome "expired: ..." or "refused: too large: ..."
     * @param service the service it was for
     */
    void onGaveUp(long dispatchId, int attempts, long atMs, String outcome, String service);

    /**
     * Start of a periodic status; its services follow as {@link #onServiceStatus} calls.
     *
     * @param refused     requests refused so far (a byte bound would have been exceeded)
     * @param queuedBytes bytes of requests the orchester holds now
     */
    void onStatus(long atMs, int queued, int inFlight, int workers, long malformed, long refused, long queuedBytes);

    /** One service of the status that was just started. */
    void onServiceStatus(String service, int queueDepth, int workers, long queuedBytes);

    /**
     * The run's accounting, as the supervisors of the topology last reported it to the
     * orchester's admin service: generated, delivered, duplicates, dead and lost, summed over
     * their hosts. Sent with every status once a supervisor has reported. A handler that keeps
     * no metrics ignores it.
     */
    default void onRun(long generated, long delivered, long duplicates, long dead, long lost) {
    }

    /**
     * The orchester's security counters so far: {@code forbidden} (messages dropped for stepping
     * outside what their peer may do) and {@code refusedKeys} (connections refused for a key not
     * in the allow-list). Sent with every status. A handler that keeps no metrics ignores it.
     */
    default void onSecurity(long forbidden, long refusedKeys) {
    }

    /**
     * One satellite's own figures ({@link SatelliteFigures}), as its supervisor last told the
     * orchester; sent with every status once a supervisor has reported. A handler that keeps no
     * metrics ignores it.
     */
    default void onSatellite(SatelliteFigures figures) {
    }
}
