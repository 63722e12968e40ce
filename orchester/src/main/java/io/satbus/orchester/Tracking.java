package io.satbus.orchester;

/**
 * What the {@link Dispatcher} tells about each dispatch's life, and who decides the fate of a
 * failed attempt. Two implementations: {@link #local(RetryPolicy)}, which decides at once with
 * the orchester's own {@link RetryPolicy} and has no deadlines; and {@link TrackerLinkClient},
 * which sends every event to a tracker and applies the tracker's decisions (deadlines, backoff,
 * retries, dead letters) when they come back.
 *
 * <p>Called on the orchester thread only.
 */
interface Tracking {
    /** The fate of a failed attempt. */
    enum Verdict {
        /** Queue it again now, attempt + 1. */
        RETRY,
        /** Give it up now: dead letter. */
        DEAD,
        /** The tracker decides; keep it aside until its RETRY or DEAD comes. */
        LATER
    }

    void workerUp(Worker w);

    /** After every attempt it held has been reported failed. */
    void workerDown(Worker w);

    void dispatched(Dispatch d, Worker w);

    void replied(Dispatch d);

    /** {@code d.attempt} failed as {@code f} says ({@code f} is already in {@code d.history}). */
    Verdict failed(Dispatch d, Dispatch.FailedAttempt f);

    void progress(Dispatch d);

    /**
     * {@code d.attempt}'s worker was lost while holding other requests too: the attempt is not
     * charged, and {@code d} will be dispatched again as the same attempt, alone (poison isolation).
     */
    void suspect(Dispatch d);

    /**
     * The orchester gave {@code d} up itself, dead, after {@code attempts} attempts: it expired in a
     * queue, or was too large to take ({@code outcome}, the last of its history).
     */
    void gaveUp(Dispatch d, int attempts, long atMs, String outcome);

    /** {@code w} replied to attempt {@code attempt} of {@code dispatchId}, which was not in flight on it. */
    void lateReply(Worker w, long dispatchId, int attempt);

    /** The orchester's own retry policy, deciding at once; no deadlines (those need a tracker). */
    static Tracking local(final RetryPolicy policy) {
        return new Tracking() {
            @Override
            public void workerUp(final Worker w) {
            }

            @Override
            public void workerDown(final Worker w) {
            }

            @Override
            public void dispatched(final Dispatch d, final Worker w) {
            }

            @Override
            public void replied(final Dispatch d) {
            }

            @Override
            public Verdict failed(final Dispatch d, final Dispatch.FailedAttempt f) {
                return policy.onFailedAttempt(d.service.name, d.attempt) == RetryPolicy.Decision.RETRY
                    ? Verdict.RETRY : Verdict.DEAD;
            }

            @Override
            public void progress(final Dispatch d) {
            }

            @Override
            public void suspect(final Dispatch d) {
            }

            @Override
            public void gaveUp(final Dispatch d, final int attempts, final long atMs, final String outcome) {
            }

            @Override
            public void lateReply(final Worker w, final long dispatchId, final int attempt) {
            }
        };
    }
}
