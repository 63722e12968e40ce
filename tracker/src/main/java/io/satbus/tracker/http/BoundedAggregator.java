package io.satbus.tracker.http;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;

/**
 * Netty's aggregator with a small limit, answering an oversized request with a JSON 413 (the
 * stock one sends an empty body) and closing the connection: the server only takes GETs, so a
 * large body is never worth reading. One per channel, on its event loop.
 */
final class BoundedAggregator extends HttpObjectAggregator {
    BoundedAggregator(final int maxContentBytes) {
        super(maxContentBytes);
    }

    @Override
    protected void handleOversizedMessage(final ChannelHandlerContext ctx, final HttpMessage oversized) {
        final String length = HttpUtil.isContentLengthSet(oversized)
            ? HttpUtil.getContentLength(oversized, -1L) + " bytes"
            : "more than " + maxContentLength() + " bytes";
        final FullHttpResponse response = JsonResponses.error(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
            "request body : " + length + " (expected: at most " + maxContentLength() + " bytes; this server only"
                + " answers GET)");
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
}
