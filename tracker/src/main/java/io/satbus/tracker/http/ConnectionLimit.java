package io.satbus.tracker.http;

import com.codahale.metrics.Counter;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;
import java.util.Iterator;
import java.util.LinkedHashMap;

/**
 * Bounds the connections of the HTTP view: at most {@code maxConnections} open at once, and none
 * that stays quiet (nothing read, nothing written) longer than the idle timeout, as told by the
 * {@code IdleStateHandler} in front of it. Each one costs the process a file descriptor, so
 * neither idle clients nor a flood of connections can use up the descriptors the orchester
 * needs for its satellites.
 *
 * <p>A connection beyond the cap is not refused: it closes the connection that has been quiet
 * the longest (least recently read from) to make room. A client with something to ask always
 * gets in, and connections opened and left idle only push each other out; refusing the newest
 * would instead let whoever opened the first connections keep every health check out until
 * their idle timeout. Closed connections are counted ({@code evicted}, {@code idleClosed}).
 *
 * <p>One per server, shared by its channels. NOT thread safe: every channel of the server runs on
 * its one event loop thread, which alone touches the map; {@link #open()} may be read from any.
 */
@ChannelHandler.Sharable
final class ConnectionLimit extends ChannelInboundHandlerAdapter {
    private final int maxConnections;
    private final Counter evicted;
    private final Counter idleClosed;
    /** Open connections, least recently read from first (access order). */
    private final LinkedHashMap<Channel, Boolean> byQuiet = new LinkedHashMap<>(16, 0.75f, true);
    private volatile int open;

    ConnectionLimit(final int maxConnections, final Counter evicted, final Counter idleClosed) {
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections : " + maxConnections + " (expected: >= 1)");
        }
        this.maxConnections = maxConnections;
        this.evicted = evicted;
        this.idleClosed = idleClosed;
    }

    /** Connections open now. Thread-safe. */
    int open() {
        return open;
    }

    @Override
    public void channelActive(final ChannelHandlerContext ctx) {
        if (byQuiet.size() >= maxConnections) {
            final Iterator<Channel> quietest = byQuiet.keySet().iterator();
            final Channel out = quietest.next();
            quietest.remove();
            evicted.inc();
            out.close();
        }
        byQuiet.put(ctx.channel(), Boolean.TRUE);
        open = byQuiet.size();
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(final ChannelHandlerContext ctx, final Object msg) {
        byQuiet.get(ctx.channel());
        ctx.fireChannelRead(msg);
    }

    @Override
    public void channelInactive(final ChannelHandlerContext ctx) {
        byQuiet.remove(ctx.channel());
        open = byQuiet.size();
        ctx.fireChannelInactive();
    }

    @Override
    public void userEventTriggered(final ChannelHandlerContext ctx, final Object evt) {
        if (evt instanceof IdleStateEvent) {
            idleClosed.inc();
            ctx.close();
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }
}
