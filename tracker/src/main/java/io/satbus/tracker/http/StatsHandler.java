package io.satbus.tracker.http;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers {@code GET} on a fixed set of paths, each a JSON response made on request; anything
 * else gets a JSON error: unknown path 404, other method 405 (with {@code Allow: GET}), a
 * request Netty could not decode 400, 414 or 431 (then the connection closes). Query strings
 * are ignored. Shared by every channel: it holds only the immutable routes, and runs on the
 * server's event loop thread.
 */
@ChannelHandler.Sharable
final class StatsHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger LOG = LoggerFactory.getLogger(StatsHandler.class);

    private final Map<String, Supplier<FullHttpResponse>> routes;
    /** {@code "Bearer TOKEN"} every request must carry, or null when the view is open (loopback). */
    private final byte[] authorization;

    /** @param routes documents by path, iterated in order for "expected one of" messages */
    StatsHandler(final Map<String, Supplier<FullHttpResponse>> routes) {
        this(routes, null);
    }

    /**
     * @param routes      documents by path
     * @param bearerToken the token every request must send as {@code Authorization: Bearer TOKEN}, or null
     */
    StatsHandler(final Map<String, Supplier<FullHttpResponse>> routes, final String bearerToken) {
        this.routes = routes;
        this.authorization = bearerToken == null ? null
            : ("Bearer " + bearerToken).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Whether the request carries the token; compared in constant time. */
    private boolean authorized(final FullHttpRequest request) {
        if (authorization == null) {
            return true;
        }
        final String given = request.headers().get(HttpHeaderNames.AUTHORIZATION);
        return given != null && java.security.MessageDigest.isEqual(authorization,
            given.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Override
    protected void channelRead0(final ChannelHandlerContext ctx, final FullHttpRequest request) {
        final DecoderResult decoded = request.decoderResult();
        if (decoded.isFailure()) {
            final FullHttpResponse response = JsonResponses.error(statusFor(decoded.cause()),
                "request : not understood (" + decoded.cause().getMessage() + ")");
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        final String path = new QueryStringDecoder(request.uri()).path();
        final Supplier<FullHttpResponse> route = routes.get(path);
        final FullHttpResponse response;
        if (!authorized(request)) {
            response = JsonResponses.error(HttpResponseStatus.UNAUTHORIZED, "Authorization : missing or wrong "
                + "(expected: Bearer and the token of security.http_token)");
            response.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer");
        } else if (route == null) {
            response = JsonResponses.error(HttpResponseStatus.NOT_FOUND, "path : " + path + " (expected one of: "
                + String.join(", ", routes.keySet()) + ")");
        } else if (!HttpMethod.GET.equals(request.method())) {
            response = JsonResponses.error(HttpResponseStatus.METHOD_NOT_ALLOWED, "method : " + request.method()
                + " " + path + " (expected: GET)");
            response.headers().set(HttpHeaderNames.ALLOW, HttpMethod.GET.name());
        } else {
            response = answer(path, route);
        }
        final boolean keepAlive = HttpUtil.isKeepAlive(request);
        HttpUtil.setKeepAlive(response, keepAlive);
        if (keepAlive) {
            ctx.writeAndFlush(response);
        } else {
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause) {
        LOG.debug("stats http {}: connection closed after an error", ctx.channel().remoteAddress(), cause);
        ctx.close();
    }

    private static FullHttpResponse answer(final String path, final Supplier<FullHttpResponse> route) {
        try {
            return route.get();
        } catch (RuntimeException ex) {
            LOG.warn("stats http: GET {} failed", path, ex);
            return JsonResponses.error(HttpResponseStatus.INTERNAL_SERVER_ERROR, "GET " + path + " : " + ex);
        }
    }

    private static HttpResponseStatus statusFor(final Throwable cause) {
        if (cause instanceof TooLongHttpLineException) {
            return HttpResponseStatus.REQUEST_URI_TOO_LONG;
        }
        if (cause instanceof TooLongHttpHeaderException) {
            return HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE;
        }
        if (cause instanceof TooLongFrameException) {
            return HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE;
        }
        return HttpResponseStatus.BAD_REQUEST;
    }
}
