package io.satbus.satellites.firehose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satbus.satellites.firehose.ResourceState.Outcome;
import io.satbus.satellites.firehose.ResourceState.Phase;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The resource state machine on an injected clock: every timing rule, no sockets. */
@Timeout(5)
class ResourceStateTest {
    private static final long EPOCH_MS = 1_700_000_000_000L;
    private long now = 1000;

    private final ResourceState state = new ResourceState(0,
        new ResourceSpec("events", URI.create("http://h/events"), 2000, Map.of(), 3), 100, 1600, 2, now);

    private static ResponseMeta meta(final String... kv) {
        final Map<String, String> h = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            h.put(kv[i], kv[i + 1]);
        }
        return ResponseMeta.of(h::get, EPOCH_MS);
    }

    @Test
    void sendsTheEtagOfPageOneBackAndWaitsThePollIntervalAfterA304() {
        assertNull(state.begin(now).etag());
        assertEquals(Outcome.PAGE, state.onResponse(now, 200, meta("etag", "\"a\"")));
        assertFalse(state.due(now + 1999));
        assertTrue(state.due(now + 2000));
        now += 2000;
        assertEquals("\"a\"", state.begin(now).etag());
        assertEquals(Outcome.NOT_MODIFIED, state.onResponse(now, 304, meta()));
        assertEquals(now + 2000, state.nextAtMs());
    }

    @Test
    void xPollIntervalIsAFloorOnThePollInterval() {
        state.begin(now);
        state.onResponse(now, 200, meta("x-poll-interval", "60"));
        assertEquals(now + 60_000, state.nextAtMs());
        now += 60_000;
        state.begin(now);
        state.onResponse(now, 304, meta());
        assertEquals(now + 60_000, state.nextAtMs(), "the server's interval stays in force");
    }

    @Test
    void noRequestRemainingWaitsUntilTheReset() {
        state.begin(now);
        final long resetEpochS = EPOCH_MS / 1000 + 30;
        state.onResponse(now, 200, meta("x-ratelimit-remaining", "0", "x-ratelimit-reset", Long.toString(resetEpochS)));
        assertEquals(now + resetEpochS * 1000 - EPOCH_MS, state.nextAtMs());
        assertFalse(state.due(state.nextAtMs() - 1));
    }

    @Test
    void rateLimited403WaitsForTheResetAndIsNotAnError() {
        state.begin(now);
        assertEquals(Outcome.RATE_LIMITED, state.onResponse(now, 403,
            meta("x-ratelimit-remaining", "0", "x-ratelimit-reset", Long.toString(EPOCH_MS / 1000 + 10))));
        assertEquals(Phase.WAITING, state.phase());
        assertEquals(now + 10_000, state.nextAtMs());
        now = state.nextAtMs();
        state.begin(now);
        assertEquals(Outcome.RATE_LIMITED, state.onResponse(now, 429, meta("retry-after", "7")));
        assertEquals(now + 7000, state.nextAtMs());
    }

    @Test
    void forbiddenAndUnauthorizedStopTheResourceForGood() {
        state.begin(now);
        assertEquals(Outcome.FAILED, state.onResponse(now, 403, meta("x-ratelimit-remaining", "4999")));
        assertEquals(Phase.FAILED, state.phase());
        assertTrue(state.finished());
        assertFalse(state.due(Long.MAX_VALUE));
    }

    @Test
    void serverErrorsBackOffDoublingUpToTheCapThenRecover() {
        final long[] expected = {100, 200, 400, 800, 1600, 1600};
        for (long delay : expected) {
            state.begin(now);
            assertEquals(Outcome.BACKOFF, state.onResponse(now, 503, meta()));
            assertEquals(now + delay, state.nextAtMs());
            now = state.nextAtMs();
        }
        state.begin(now);
        assertEquals(Outcome.BACKOFF, state.onFailure(now, "connection refused"));
        assertEquals(now + 1600, state.nextAtMs());
        now = state.nextAtMs();
        state.begin(now);
        assertEquals(Outcome.PAGE, state.onResponse(now, 200, meta()));
        assertEquals(0, state.backoffMs());
        assertNull(state.failure());
        now = state.nextAtMs();
        state.begin(now);
        state.onResponse(now, 404, meta("retry-after", "5"));
        assertEquals(now + 5000, state.nextAtMs(), "Retry-After beats a shorter backoff");
    }

    @Test
    void followsNextLinksUpToThePageLimitThenStartsOverAtPageOne() {
        FetchRequest r = state.begin(now);
        assertEquals("http://h/events", r.url());
        state.onResponse(now, 200, meta("etag", "\"p1\"", "link", "<http://h/events?page=2>; rel=\"next\", <http://h/events?page=9>; rel=\"last\""));
        assertTrue(state.due(now), "the next page is due at once");
        r = state.begin(now);
        assertEquals(new FetchRequest(0, "http://h/events?page=2", 2, null), r);
        state.onResponse(now, 200, meta("etag", "\"p2\"", "link", "<http://h/events?page=3>; rel=\"next\""));
        r = state.begin(now);
        assertEquals(3, r.page());
        state.onResponse(now, 200, meta("link", "<http://h/events?page=4>; rel=\"next\""));
        assertFalse(state.due(now), "page limit 3 reached: wait for the next poll");
        now = state.nextAtMs();
        assertEquals(new FetchRequest(0, "http://h/events", 1, "\"p1\""), state.begin(now));
    }

    @Test
    void endsOnTheEndHeaderOrAfterEnoughIdlePolls() {
        state.begin(now);
        assertEquals(Outcome.ENDED, state.onResponse(now, 200, meta("x-satbus-end", "true")));
        assertEquals(Phase.ENDED, state.phase());

        final ResourceState idle = new ResourceState(1, state.spec(), 100, 1600, 2, 0);
        idle.begin(0);
        assertEquals(Outcome.NOT_MODIFIED, idle.onResponse(0, 304, meta()));
        idle.begin(idle.nextAtMs());
        assertEquals(Outcome.ENDED, idle.onResponse(idle.nextAtMs(), 304, meta()));
        assertTrue(idle.finished());
    }

    @Test
    void readsLinkHeadersInTheirUsualShapes() {
        assertEquals("https://api.github.com/events?page=2",
            ResponseMeta.nextLink("<https://api.github.com/events?page=2>; rel=\"next\", "
                + "<https://api.github.com/events?page=10>; rel=\"last\""));
        assertEquals("/b", ResponseMeta.nextLink("</a>; rel=prev, </b>; rel=next"));
        assertEquals("/c", ResponseMeta.nextLink("</c>; title=\"x\"; rel=\"last next\""));
        assertNull(ResponseMeta.nextLink("</a>; rel=\"prev\""));
        assertNull(ResponseMeta.nextLink(null));
    }
}
