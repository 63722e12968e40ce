package io.satbus.satellites.firehose;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The response headers that steer polling, read once, with absolute times turned into delays
 * from {@code epochNowMs} so that the state machine only deals in its own clock:
 * <pre>
 * ETag                    entity tag of the page, sent back as If-None-Match
 * X-Poll-Interval         seconds: a floor on the poll interval
 * X-RateLimit-Remaining   requests left in this window
 * X-RateLimit-Reset       epoch seconds when the window resets
 * Retry-After             seconds, or an HTTP date
 * Link                    &lt;url&gt;; rel="next" for the next page
 * X-Satbus-End            "true": the feed has nothing more, ever (satbus extension)
 * </pre>
 * A header that is absent or unreadable is {@link #NONE} (or null). Immutable.
 */
record ResponseMeta(String etag, long pollIntervalMs, long rateRemaining, long rateResetInMs, long retryAfterMs,
                    String nextUrl, boolean end) {
    static final long NONE = -1;
    static final String END_HEADER = "x-satbus-end";
    private static final Pattern LINK = Pattern.compile("<([^>]*)>\\s*((?:;\\s*[^;,]*)*)");
    private static final Pattern REL_NEXT = Pattern.compile(";\\s*rel\\s*=\\s*\"?([^\";]*)\"?");

    /** Reads the headers through {@code header} (lower-case name to value, or null). */
    static ResponseMeta of(final Function<String, String> header, final long epochNowMs) {
        final long resetEpochS = number(header.apply("x-ratelimit-reset"));
        return new ResponseMeta(
            header.apply("etag"),
            seconds(number(header.apply("x-poll-interval"))),
            number(header.apply("x-ratelimit-remaining")),
            resetEpochS == NONE ? NONE : Math.max(0, resetEpochS * 1000 - epochNowMs),
            retryAfterMs(header.apply("retry-after"), epochNowMs),
            nextLink(header.apply("link")),
            "true".equalsIgnoreCase(trim(header.apply(END_HEADER))));
    }

    /** The target of the {@code rel="next"} link of a {@code Link} header, or null. */
    static String nextLink(final String link) {
        if (link == null) {
            return null;
        }
        final Matcher m = LINK.matcher(link);
        while (m.find()) {
            final Matcher rel = REL_NEXT.matcher(m.group(2));
            while (rel.find()) {
                for (String r : rel.group(1).trim().split("\\s+")) {
                    if (r.equalsIgnoreCase("next")) {
                        return m.group(1).trim();
                    }
                }
            }
        }
        return null;
    }

    /** True when the server says the client is out of requests for now (rate limited, not refused). */
    boolean rateLimited() {
        return rateRemaining == 0 || retryAfterMs != NONE;
    }

    private static long retryAfterMs(final String value, final long epochNowMs) {
        final String v = trim(value);
        if (v == null) {
            return NONE;
        }
        final long s = number(v);
        if (s != NONE) {
            return s * 1000;
        }
        try {
            return Math.max(0, ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli()
                - epochNowMs);
        } catch (DateTimeParseException e) {
            return NONE;
        }
    }

    private static long seconds(final long s) {
        return s == NONE ? NONE : s * 1000;
    }

    private static long number(final String value) {
        final String v = trim(value);
        if (v == null || v.isEmpty() || v.length() > 18) {
            return NONE;
        }
        for (int i = 0; i < v.length(); i++) {
            if (!Character.isDigit(v.charAt(i))) {
                return NONE;
            }
        }
        return Long.parseLong(v);
    }

    private static String trim(final String v) {
        return v == null ? null : v.trim();
    }
}
