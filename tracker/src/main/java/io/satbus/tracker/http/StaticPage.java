package io.satbus.tracker.http;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * One file of the live page, read from the jar once and served as it is. Every answer carries a
 * {@code Content-Security-Policy} that lets the page reach its own server only: nothing is
 * fetched from elsewhere, so the page works on a machine without internet and leaks nothing.
 * Immutable and thread-safe.
 */
final class StaticPage {
    /** The page's own scripts, styles and JSON documents; no inline script, no other origin. */
    static final String POLICY = "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'";
    private static final String FOLDER = "live/";

    private final byte[] body;
    private final String contentType;

    private StaticPage(final byte[] body, final String contentType) {
        this.body = body;
        this.contentType = contentType;
    }

    /**
     * The resource {@code name} beside this class, under {@code live/}.
     *
     * @throws IllegalStateException when the jar lacks it (a broken build, not a user's mistake)
     */
    static StaticPage of(final String name, final String contentType) {
        try (InputStream in = StaticPage.class.getResourceAsStream(FOLDER + name)) {
            if (in == null) {
                throw new IllegalStateException("live page resource : " + FOLDER + name
                    + " missing (expected: in the jar beside " + StaticPage.class.getName() + ")");
            }
            return new StaticPage(in.readAllBytes(), contentType);
        } catch (IOException ex) {
            throw new UncheckedIOException("live page resource " + FOLDER + name + " could not be read", ex);
        }
    }

    FullHttpResponse response() {
        final FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
            Unpooled.wrappedBuffer(body));
        response.headers()
            .set(HttpHeaderNames.CONTENT_TYPE, contentType)
            .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
            .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_CACHE)
            .set("Content-Security-Policy", POLICY)
            .set("X-Content-Type-Options", "nosniff");
        return response;
    }
}
