package io.satbus.satellites.firehose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The feed's answers, on a given clock and seed: no server needed. */
@Timeout(5)
class FeedScriptTest {
    private static final String BASE = "http://127.0.0.1:1/events";
    private static final long T = 1_700_000_000_000L;

    private static FeedScript script(final double errorRate, final double quietRate, final int rateLimit) {
        return new FeedScript(new FeedScript.Settings(10, 4, 5, 3, errorRate, quietRate, 7, 1, rateLimit, 60));
    }

    private static long events(final FeedScript.Reply r) {
        return java.util.regex.Pattern.compile("\\{\"id\":\"").matcher(body(r)).results().count();
    }

    private static String body(final FeedScript.Reply r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    @Test
    void releasesEventsPerPollServesThemNewestFirstWithRepeatsAndEndsWithTheEndHeader() {
        final FeedScript s = script(0, 0, 100);
        FeedScript.Reply r = s.answer(1, null, T, BASE);
        assertEquals(200, r.status());
        assertEquals(4, events(r));
        assertNull(r.headers().get("Link"), "4 events fit on one page");
        r = s.answer(1, r.headers().get("ETag"), T, BASE);
        assertEquals(5, events(r), "8 released, page 1 shows the newest 5");
        assertTrue(body(r).startsWith("[{\"id\":\"" + FeedScript.eventId(7) + "\""));
        assertEquals("<" + BASE + "?page=2>; rel=\"next\", <" + BASE + "?page=1>; rel=\"first\"", r.headers().get("Link"));
        final FeedScript.Reply page2 = s.answer(2, null, T, BASE);
        assertTrue(body(page2).contains(FeedScript.eventId(0)) && body(page2).contains(FeedScript.eventId(2)));
        s.answer(1, null, T, BASE);
        assertEquals(10, s.served());
        assertFalse(s.exhausted());
        r = s.answer(1, null, T, BASE);
        assertEquals("[]", body(r));
        assertEquals("true", r.headers().get(ResponseMeta.END_HEADER));
        assertTrue(s.exhausted());
    }

    @Test
    void aQuietPollWithAMatchingEtagGets304() {
        final FeedScript s = script(0, 0.999, 100);
        final FeedScript.Reply first = s.answer(1, null, T, BASE);
        assertEquals(200, first.status());
        final FeedScript.Reply again = s.answer(1, first.headers().get("ETag"), T, BASE);
        assertEquals(304, again.status());
        assertEquals(0, again.body().length);
    }

    @Test
    void pastTheRateLimitAnswers403WithNothingRemainingUntilTheWindowResets() {
        final FeedScript s = script(0, 0, 2);
        assertEquals("1", s.answer(1, null, T, BASE).headers().get("X-RateLimit-Remaining"));
        assertEquals("0", s.answer(1, null, T, BASE).headers().get("X-RateLimit-Remaining"));
        final FeedScript.Reply limited = s.answer(1, null, T, BASE);
        assertEquals(403, limited.status());
        assertEquals(Long.toString(T / 1000 + 60), limited.headers().get("X-RateLimit-Reset"));
        assertEquals(200, s.answer(1, null, T + 60_000, BASE).status(), "a new window");
    }

    @Test
    void theSameSeedGivesTheSameAnswersAndEvents() {
        final FeedScript a = script(0.3, 0.3, 100);
        final FeedScript b = script(0.3, 0.3, 100);
        for (int i = 0; i < 20; i++) {
            final FeedScript.Reply x = a.answer(1 + i % 2, null, T, BASE);
            final FeedScript.Reply y = b.answer(1 + i % 2, null, T, BASE);
            assertEquals(x.status(), y.status());
            assertEquals(body(x), body(y));
        }
        assertEquals(a.event(3), b.event(3));
    }
}
