package io.satbus.satellites.firehose;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * What the feed answers, decided from a seed so that a run can be replayed: GitHub-shaped
 * events released {@code eventsPerPoll} at a time by polls of page 1, served newest first in
 * pages of {@code perPage} (so each poll repeats events of the last one, like the real API),
 * with the real API's headers: ETag (304 when a quiet poll finds nothing new),
 * X-Poll-Interval, X-RateLimit-* (403 past the limit), Link rel="next", and occasional 5xx.
 * Once every event is released, the next poll of page 1 gets an empty page with
 * {@code X-Satbus-End: true} and the feed is exhausted.
 *
 * <p>Thread-safe (synchronized): the server's event loop answers, other threads read counts.
 */
final class FeedScript {
    /** One answer: status, headers, body. */
    record Reply(int status, Map<String, String> headers, byte[] body) {
    }

    /** The feed's settings; see docs/satellites.md (feed). */
    record Settings(long totalEvents, int eventsPerPoll, int perPage, int maxPages, double errorRate, double quietRate,
                    long seed, int pollIntervalS, int rateLimit, int rateWindowS) {
    }

    private static final String[] TYPES = {"PushEvent", "WatchEvent", "CreateEvent", "IssuesEvent", "PullRequestEvent",
        "ForkEvent", "IssueCommentEvent"};
    private static final long FIRST_ID = 40_000_000_000L;
    private static final long FIRST_CREATED_S = Instant.parse("2024-01-01T00:00:00Z").getEpochSecond();
    private static final int[] ERRORS = {500, 502, 503};

    private final Settings s;
    private final SplittableRandom rolls;
    private final BitSet served = new BitSet();
    private long released;
    private long windowResetS;
    private int usedInWindow;
    private boolean exhausted;
    private long requests;

    FeedScript(final Settings settings) {
        this.s = settings;
        this.rolls = new SplittableRandom(settings.seed());
    }

    /** The answer to {@code GET /events?page=N} ({@code page} 1 when absent), at {@code epochMs}. */
    synchronized Reply answer(final int page, final String ifNoneMatch, final long epochMs, final String base) {
        requests++;
        final Map<String, String> h = new LinkedHashMap<>();
        final long nowS = epochMs / 1000;
        if (nowS >= windowResetS) {
            windowResetS = nowS + s.rateWindowS();
            usedInWindow = 0;
        }
        h.put("X-RateLimit-Limit", Integer.toString(s.rateLimit()));
        h.put("X-RateLimit-Reset", Long.toString(windowResetS));
        if (usedInWindow >= s.rateLimit()) {
            h.put("X-RateLimit-Remaining", "0");
            return new Reply(403, h, json("{\"message\":\"API rate limit exceeded\"}"));
        }
        usedInWindow++;
        h.put("X-RateLimit-Remaining", Integer.toString(s.rateLimit() - usedInWindow));
        h.put("X-RateLimit-Used", Integer.toString(usedInWindow));
        h.put("X-Poll-Interval", Integer.toString(s.pollIntervalS()));
        if (rolls.nextDouble() < s.errorRate()) {
            return new Reply(ERRORS[rolls.nextInt(ERRORS.length)], h, json("{\"message\":\"Server Error\"}"));
        }
        if (page < 1 || page > s.maxPages()) {
            return new Reply(422, h, json("{\"message\":\"page " + page + " out of range 1.." + s.maxPages() + "\"}"));
        }
        if (page == 1) {
            if (released == s.totalEvents()) {
                exhausted = true;
                h.put(ResponseMeta.END_HEADER, "true");
                return new Reply(200, h, json("[]"));
            }
            final long fresh = rolls.nextDouble() < s.quietRate() ? 0 : Math.min(s.eventsPerPoll(),
                s.totalEvents() - released);
            if (fresh == 0 && etag(1).equals(ifNoneMatch)) {
                h.put("ETag", etag(1));
                return new Reply(304, h, new byte[0]);
            }
            released += fresh;
        }
        h.put("ETag", etag(page));
        final long newest = released - 1 - (long) (page - 1) * s.perPage();
        final long oldest = Math.max(0, newest - s.perPage() + 1);
        if (oldest > 0 && page < s.maxPages()) {
            h.put("Link", "<" + base + "?page=" + (page + 1) + ">; rel=\"next\", <" + base + "?page=1>; rel=\"first\"");
        }
        final StringBuilder body = new StringBuilder("[");
        for (long i = newest; i >= oldest; i--) {
            body.append(body.length() > 1 ? "," : "").append(event(i));
            served.set((int) i);
        }
        return new Reply(200, h, json(body.append(']').toString()));
    }

    private String etag(final int page) {
        return "W/\"" + released + "-" + page + "\"";
    }

    /** Event number {@code i} in release order, the same for a given seed whatever the requests. */
    String event(final long i) {
        final SplittableRandom r = new SplittableRandom(s.seed() ^ (i * 0x9E3779B97F4A7C15L));
        final int actor = 1000 + r.nextInt(500);
        final int repo = 5000 + r.nextInt(200);
        final String type = TYPES[r.nextInt(TYPES.length)];
        final String repoName = "satbus-org-" + repo % 17 + "/repo-" + repo;
        return "{\"id\":\"" + (FIRST_ID + i) + "\",\"type\":\"" + type + "\",\"actor\":{\"id\":" + actor
            + ",\"login\":\"user-" + actor + "\",\"display_login\":\"user-" + actor + "\",\"url\":\"https://api.github.com/users/user-"
            + actor + "\"},\"repo\":{\"id\":" + repo + ",\"name\":\"" + repoName + "\",\"url\":\"https://api.github.com/repos/"
            + repoName + "\"},\"payload\":{\"seq\":" + i + ",\"size\":" + r.nextInt(5) + "},\"public\":true,\"created_at\":\""
            + Instant.ofEpochSecond(FIRST_CREATED_S + i) + "\"}";
    }

    /** The id of event number {@code i}. */
    static String eventId(final long i) {
        return Long.toString(FIRST_ID + i);
    }

    /** True once the end page was served: nothing more will ever be released. */
    synchronized boolean exhausted() {
        return exhausted;
    }

    /** Distinct events served in some 200 page so far. */
    synchronized int served() {
        return served.cardinality();
    }

    synchronized long requests() {
        return requests;
    }

    private static byte[] json(final String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
