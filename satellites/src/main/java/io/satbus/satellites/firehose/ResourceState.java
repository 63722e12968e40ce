package io.satbus.satellites.firehose;

/**
 * Where one polled resource stands: when it may next be asked, which page comes next, its
 * entity tag, its backoff and whether it is still alive. Pure: driven by {@code nowMs} (the
 * caller's monotonic milliseconds) and the responses it is told about, so that every timing
 * rule can be tested without sockets or sleeping.
 *
 * <pre>
 *            begin()                    200 (next page)      → WAITING (now)
 *  WAITING ───────────▶ FETCHING ──────▶ 200 (last page)      → WAITING (poll interval)
 *     ▲                    │             304                  → WAITING (poll interval), or ENDED
 *     └────────────────────┘             rate limited         → WAITING (reset / Retry-After), same page
 *                                        404, 5xx, failure    → WAITING (backoff, doubling, capped), same page
 *                                        401, 403             → FAILED (no more requests)
 *                                        200 + X-Satbus-End   → ENDED
 * </pre>
 * The next time is never before {@code Retry-After}, nor before the rate-limit reset when no
 * request remains.
 *
 * <p>NOT thread-safe: the fetcher's runtime thread only.
 */
final class ResourceState {
    enum Phase { WAITING, FETCHING, FAILED, ENDED }

    /** What a response did to the resource. */
    enum Outcome { PAGE, NOT_MODIFIED, RATE_LIMITED, BACKOFF, FAILED, ENDED }

    private final int index;
    private final ResourceSpec spec;
    private final long backoffInitialMs;
    private final long backoffMaxMs;
    private final int stopAfterIdlePolls;
    private Phase phase = Phase.WAITING;
    private long nextAtMs;
    private String etag;
    private String pageUrl;
    private int page = 1;
    private long backoffMs;
    private long serverPollIntervalMs;
    private int idlePolls;
    private String failure;
    private int failuresInARow;

    ResourceState(final int index, final ResourceSpec spec, final long backoffInitialMs, final long backoffMaxMs,
                  final int stopAfterIdlePolls, final long firstAtMs) {
        this.index = index;
        this.spec = spec;
        this.backoffInitialMs = backoffInitialMs;
        this.backoffMaxMs = backoffMaxMs;
        this.stopAfterIdlePolls = stopAfterIdlePolls;
        this.nextAtMs = firstAtMs;
    }

    /** True when a request may be made now. */
    boolean due(final long nowMs) {
        return phase == Phase.WAITING && nowMs >= nextAtMs;
    }

    /** Starts the next request; only when {@link #due}. */
    FetchRequest begin(final long nowMs) {
        if (!due(nowMs)) {
            throw new IllegalStateException(spec.name() + " : " + phase + " until " + nextAtMs + ", now " + nowMs
                + " (expected: due)");
        }
        phase = Phase.FETCHING;
        return new FetchRequest(index, page == 1 ? spec.url().toString() : pageUrl, page, page == 1 ? etag : null);
    }

    /** Applies the response to the request in flight. */
    Outcome onResponse(final long nowMs, final int status, final ResponseMeta meta) {
        requireFetching();
        if (meta.pollIntervalMs() > 0) {
            serverPollIntervalMs = meta.pollIntervalMs();
        }
        if (status == 200) {
            backoffMs = 0;
            failure = null;
            failuresInARow = 0;
            if (page == 1 && meta.etag() != null) {
                etag = meta.etag();
            }
            if (meta.end()) {
                phase = Phase.ENDED;
                return Outcome.ENDED;
            }
            if (meta.nextUrl() != null && page < spec.pageLimit()) {
                pageUrl = meta.nextUrl();
                page++;
                waitAtLeast(nowMs, 0, meta);
            } else {
                endPoll(nowMs, meta);
            }
            return Outcome.PAGE;
        }
        if (status == 304) {
            backoffMs = 0;
            failure = null;
            failuresInARow = 0;
            idlePolls++;
            if (stopAfterIdlePolls > 0 && idlePolls >= stopAfterIdlePolls) {
                phase = Phase.ENDED;
                return Outcome.ENDED;
            }
            endPoll(nowMs, meta);
            return Outcome.NOT_MODIFIED;
        }
        if ((status == 403 || status == 429) && meta.rateLimited()) {
            final boolean told = meta.retryAfterMs() != ResponseMeta.NONE || meta.rateResetInMs() != ResponseMeta.NONE;
            waitAtLeast(nowMs, told ? 0 : nextBackoff(), meta);
            return Outcome.RATE_LIMITED;
        }
        if (status == 401 || status == 403) {
            phase = Phase.FAILED;
            failure = "HTTP " + status;
            return Outcome.FAILED;
        }
        failure = "HTTP " + status;
        failuresInARow++;
        waitAtLeast(nowMs, nextBackoff(), meta);
        return Outcome.BACKOFF;
    }

    /** Applies a request that got no response (connect error, timeout, page too large). */
    Outcome onFailure(final long nowMs, final String why) {
        requireFetching();
        failure = why;
        failuresInARow++;
        waitAtLeast(nowMs, nextBackoff(), null);
        return Outcome.BACKOFF;
    }

    private void endPoll(final long nowMs, final ResponseMeta meta) {
        pageUrl = null;
        page = 1;
        waitAtLeast(nowMs, Math.max(spec.pollIntervalMs(), serverPollIntervalMs), meta);
    }

    private void waitAtLeast(final long nowMs, final long delayMs, final ResponseMeta meta) {
        long delay = delayMs;
        if (meta != null) {
            if (meta.retryAfterMs() != ResponseMeta.NONE) {
                delay = Math.max(delay, meta.retryAfterMs());
            }
            if (meta.rateRemaining() == 0 && meta.rateResetInMs() != ResponseMeta.NONE) {
                delay = Math.max(delay, meta.rateResetInMs());
            }
        }
        phase = Phase.WAITING;
        nextAtMs = nowMs + delay;
    }

    private long nextBackoff() {
        backoffMs = backoffMs == 0 ? backoffInitialMs : Math.min(backoffMaxMs, backoffMs * 2);
        return backoffMs;
    }

    private void requireFetching() {
        if (phase != Phase.FETCHING) {
            throw new IllegalStateException(spec.name() + " : " + phase + " (expected: FETCHING, a request in flight)");
        }
    }

    int index() {
        return index;
    }

    ResourceSpec spec() {
        return spec;
    }

    Phase phase() {
        return phase;
    }

    boolean finished() {
        return phase == Phase.FAILED || phase == Phase.ENDED;
    }

    long nextAtMs() {
        return nextAtMs;
    }

    String etag() {
        return etag;
    }

    int page() {
        return page;
    }

    long backoffMs() {
        return backoffMs;
    }

    /** Requests that backed off since the last 200 or 304 (or since the start). */
    int failuresInARow() {
        return failuresInARow;
    }

    /** Why the last request failed, or null after a success. */
    String failure() {
        return failure;
    }

    @Override
    public String toString() {
        return "ResourceState[" + spec.name() + " " + phase + " next=" + nextAtMs + " page=" + page + " etag=" + etag
            + " backoff=" + backoffMs + (failure == null ? "" : " failure=" + failure) + "]";
    }
}
