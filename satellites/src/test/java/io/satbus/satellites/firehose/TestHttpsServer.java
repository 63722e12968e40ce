package io.satbus.satellites.firehose;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * A real HTTPS (HTTP/1.1 over TLS) server on 127.0.0.1 for fetcher tests; answers through a
 * function of the request. It presents one {@link TestCertificate}, which {@link #present} may
 * change for the connections that follow, and counts connections, completed and failed
 * handshakes.
 */
final class TestHttpsServer implements AutoCloseable {
    private final EventLoopGroup group = new NioEventLoopGroup(1);
    private final AtomicReference<SslContext> ssl = new AtomicReference<>();
    private final List<TestHttpServer.Seen> seen = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger handshakes = new AtomicInteger();
    private final AtomicInteger failedHandshakes = new AtomicInteger();
    private final Channel channel;

    TestHttpsServer(final TestCertificate certificate, final Function<TestHttpServer.Seen, FullHttpResponse> answer)
        throws IOException, GeneralSecurityException, InterruptedException {
        present(certificate);
        channel = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
            .childHandler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(final SocketChannel ch) {
                    connections.incrementAndGet();
                    final SslHandler tls = ssl.get().newHandler(ch.alloc());
                    tls.handshakeFuture().addListener(f -> (f.isSuccess() ? handshakes : failedHandshakes)
                        .incrementAndGet());
                    ch.pipeline().addLast(tls, new HttpServerCodec(), new HttpObjectAggregator(1 << 20),
                        new SimpleChannelInboundHandler<FullHttpRequest>() {
                            @Override
                            protected void channelRead0(final ChannelHandlerContext ctx, final FullHttpRequest req) {
                                final Map<String, String> h = new HashMap<>();
                                req.headers().forEach(e -> h.put(e.getKey().toLowerCase(Locale.ROOT), e.getValue()));
                                final TestHttpServer.Seen s = new TestHttpServer.Seen(req.uri(), Map.copyOf(h));
                                seen.add(s);
                                final FullHttpResponse r = answer.apply(s);
                                HttpUtil.setContentLength(r, r.content().readableBytes());
                                ctx.writeAndFlush(r);
                            }

                            @Override
                            public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause) {
                                ctx.close(); // a refused handshake: the client said why, the test asserts it
                            }
                        });
                }
            }).bind("127.0.0.1", 0).sync().channel();
    }

    /** The certificate new connections get from now on. */
    void present(final TestCertificate certificate) throws IOException, GeneralSecurityException {
        ssl.set(SslContextBuilder.forServer(certificate.keyManagers()).sslProvider(SslProvider.JDK).build());
    }

    int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    String url(final String host, final String path) {
        return "https://" + host + ":" + port() + path;
    }

    /** HTTP requests that arrived (after a handshake). */
    List<TestHttpServer.Seen> seen() {
        return seen;
    }

    int connections() {
        return connections.get();
    }

    int handshakes() {
        return handshakes.get();
    }

    int failedHandshakes() {
        return failedHandshakes.get();
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
