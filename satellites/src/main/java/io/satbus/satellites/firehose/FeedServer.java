package io.satbus.satellites.firehose;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContentCompressor;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The feed's HTTP/1.1 server on 127.0.0.1: {@code GET /events[?page=N]} is answered by the
 * {@link FeedScript} (keep-alive, gzip when asked), anything else gets 404. One Netty event loop
 * thread accepts and answers.
 */
final class FeedServer implements AutoCloseable {
    static final String PATH = "/events";

    private final EventLoopGroup group;
    private final Channel channel;

    FeedServer(final String threadName, final int port, final FeedScript script, final LongSupplier epochMs)
        throws InterruptedException {
        group = new NioEventLoopGroup(1, new DefaultThreadFactory(threadName, true));
        try {
            channel = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(final SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpContentCompressor(),
                            new HttpObjectAggregator(64 * 1024), new Answer(script, epochMs));
                    }
                }).bind("127.0.0.1", port).sync().channel();
        } catch (InterruptedException | RuntimeException e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        }
    }

    int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    @Override
    public void close() {
        channel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    /** Answers one request at a time on its connection; event loop only. */
    private static final class Answer extends SimpleChannelInboundHandler<FullHttpRequest> {
        private final FeedScript script;
        private final LongSupplier epochMs;

        Answer(final FeedScript script, final LongSupplier epochMs) {
            this.script = script;
            this.epochMs = epochMs;
        }

        @Override
        protected void channelRead0(final ChannelHandlerContext ctx, final FullHttpRequest request) {
            final QueryStringDecoder uri = new QueryStringDecoder(request.uri());
            final FeedScript.Reply reply;
            if (!uri.path().equals(PATH)) {
                reply = new FeedScript.Reply(404, java.util.Map.of(), "{\"message\":\"Not Found\"}".getBytes());
            } else {
                final List<String> pages = uri.parameters().get("page");
                int page;
                try {
                    page = pages == null ? 1 : Integer.parseInt(pages.get(0));
                } catch (NumberFormatException e) {
                    page = -1;
                }
                final String host = request.headers().get(HttpHeaderNames.HOST, "127.0.0.1");
                reply = script.answer(page, request.headers().get(HttpHeaderNames.IF_NONE_MATCH), epochMs.getAsLong(),
                    "http://" + host + PATH);
            }
            final FullHttpResponse response = new DefaultFullHttpResponse(request.protocolVersion(),
                HttpResponseStatus.valueOf(reply.status()), Unpooled.wrappedBuffer(reply.body()));
            reply.headers().forEach((k, v) -> response.headers().set(k, v));
            if (reply.status() != 304) {
                response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json; charset=utf-8");
            }
            HttpUtil.setContentLength(response, reply.body().length);
            final boolean keepAlive = HttpUtil.isKeepAlive(request);
            HttpUtil.setKeepAlive(response, keepAlive);
            final var written = ctx.writeAndFlush(response);
            if (!keepAlive) {
                written.addListener(ChannelFutureListener.CLOSE);
            }
        }

        @Override
        public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause) {
            ctx.close();
        }
    }
}
