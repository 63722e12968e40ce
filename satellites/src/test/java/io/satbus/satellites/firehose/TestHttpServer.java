package io.satbus.satellites.firehose;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
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
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/** A real HTTP/1.1 server on 127.0.0.1 for fetcher tests; answers through a function of the request. */
final class TestHttpServer implements AutoCloseable {
    /** A request as the server saw it. */
    record Seen(String uri, Map<String, String> headers) {
        String header(final String name) {
            return headers.get(name.toLowerCase(java.util.Locale.ROOT));
        }
    }

    private final EventLoopGroup group = new NioEventLoopGroup(1);
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final Channel channel;

    /** {@code answer} returns the response, or null to never answer (a hung server). */
    TestHttpServer(final Function<Seen, FullHttpResponse> answer) throws InterruptedException {
        channel = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
            .childHandler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(final SocketChannel ch) {
                    connections.incrementAndGet();
                    ch.pipeline().addLast(new HttpServerCodec(), new io.netty.handler.codec.http.HttpContentCompressor(),
                        new HttpObjectAggregator(1 << 20),
                        new SimpleChannelInboundHandler<FullHttpRequest>() {
                            @Override
                            protected void channelRead0(final ChannelHandlerContext ctx, final FullHttpRequest req) {
                                final Map<String, String> h = new java.util.HashMap<>();
                                req.headers().forEach(e -> h.put(e.getKey().toLowerCase(java.util.Locale.ROOT), e.getValue()));
                                final Seen s = new Seen(req.uri(), Map.copyOf(h));
                                seen.add(s);
                                final FullHttpResponse r = answer.apply(s);
                                if (r != null) {
                                    HttpUtil.setContentLength(r, r.content().readableBytes());
                                    ctx.writeAndFlush(r);
                                }
                            }
                        });
                }
            }).bind("127.0.0.1", 0).sync().channel();
    }

    static FullHttpResponse response(final int status, final String body, final String... headers) {
        final FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status),
            Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
        for (int i = 0; i < headers.length; i += 2) {
            r.headers().set(headers[i], headers[i + 1]);
        }
        return r;
    }

    int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    String url(final String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    List<Seen> seen() {
        return seen;
    }

    int connections() {
        return connections.get();
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
