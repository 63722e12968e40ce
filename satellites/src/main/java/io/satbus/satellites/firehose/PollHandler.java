package io.satbus.satellites.firehose;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.function.BiConsumer;

/**
 * The end of one client connection's pipeline: turns the aggregated response to the request in
 * flight (at most one per connection) into a {@link PollResult}, or its failure (timeout,
 * closed connection, page over the size limit) into a failed one; a connection that may be
 * kept alive goes back to the idle pool, any other is closed.
 *
 * <p>Event loop thread only.
 */
final class PollHandler extends SimpleChannelInboundHandler<FullHttpResponse> {
    private final Queue<PollResult> results;
    private final String origin;
    private final BiConsumer<String, Channel> release;
    private final int maxPageBytes;
    private FetchRequest inFlight;
    private ScheduledFuture<?> deadline;

    PollHandler(final Queue<PollResult> results, final String origin, final BiConsumer<String, Channel> release,
                final int maxPageBytes) {
        this.results = results;
        this.maxPageBytes = maxPageBytes;
        this.origin = origin;
        this.release = release;
    }

    void begin(final FetchRequest request, final ScheduledFuture<?> timeout) {
        this.inFlight = request;
        this.deadline = timeout;
    }

    @Override
    protected void channelRead0(final ChannelHandlerContext ctx, final FullHttpResponse response) {
        final FetchRequest request = finish();
        if (request == null) {
            ctx.close();
            return;
        }
        final Map<String, String> headers = new HashMap<>();
        response.headers().forEach(e -> headers.merge(e.getKey().toLowerCase(Locale.ROOT), e.getValue(),
            (a, b) -> a + ", " + b));
        final byte[] body = new byte[response.content().readableBytes()];
        response.content().readBytes(body);
        results.add(new PollResult(request, response.status().code(), Map.copyOf(headers), body, null));
        if (HttpUtil.isKeepAlive(response)) {
            release.accept(origin, ctx.channel());
        } else {
            ctx.close();
        }
    }

    void timeout(final Channel ch, final long timeoutMs) {
        fail(ch, "no complete response within request_timeout " + timeoutMs + " ms");
    }

    void fail(final Channel ch, final String why) {
        final FetchRequest request = finish();
        if (request != null) {
            results.add(PollResult.failed(request, why + " (" + origin + ")"));
        }
        ch.close();
    }

    @Override
    public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause) {
        fail(ctx.channel(), cause instanceof io.netty.handler.codec.TooLongFrameException
            ? "page over max_page_bytes (" + maxPageBytes + " bytes)" : cause.toString());
    }

    @Override
    public void channelInactive(final ChannelHandlerContext ctx) throws Exception {
        fail(ctx.channel(), "connection closed before the response was complete");
        super.channelInactive(ctx);
    }

    private FetchRequest finish() {
        final FetchRequest request = inFlight;
        inFlight = null;
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
        return request;
    }
}
