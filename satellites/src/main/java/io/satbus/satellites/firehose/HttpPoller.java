package io.satbus.satellites.firehose;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContentDecompressor;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;

/**
 * A small HTTP/1.1 client on one Netty event loop thread: GET with keep-alive (idle
 * connections are reused per scheme, host and port), TLS through the JDK provider with host
 * name verification, gzip/deflate decoded, a connect timeout and a whole-request timeout, and
 * bodies capped at {@code maxPageBytes}. Each request ends in exactly one {@link PollResult} on
 * the {@code results} queue; nothing else leaves the event loop.
 *
 * <p>TLS trusts the certificates of a {@link CaFile} when one is given, else the JDK's default
 * trust store. A request is written only once the handshake has succeeded, so a failed
 * handshake (untrusted certificate, host name mismatch, timeout) sends nothing and ends the
 * request with one failure that {@link TlsFailure} has put in words.
 *
 * <p>{@link #fetch} and {@link #close} may be called from any thread; everything else,
 * including the idle pool, belongs to the event loop thread.
 */
final class HttpPoller implements AutoCloseable {
    private final EventLoopGroup group;
    private final Queue<PollResult> results;
    private final long connectTimeoutMs;
    private final long requestTimeoutMs;
    private final int maxPageBytes;
    private final CaFile caFile;
    private final Map<String, ArrayDeque<Channel>> idle = new HashMap<>();
    private SslContext ssl;

    /** {@code caFile}: the certificates TLS trusts, null for the JDK's default trust store. */
    HttpPoller(final String threadName, final long connectTimeoutMs, final long requestTimeoutMs, final int maxPageBytes,
               final CaFile caFile, final Queue<PollResult> results) {
        this.connectTimeoutMs = connectTimeoutMs;
        this.requestTimeoutMs = requestTimeoutMs;
        this.maxPageBytes = maxPageBytes;
        this.caFile = caFile;
        this.results = results;
        if (caFile != null) {
            try {
                // Built now, so that certificates the JDK will not take as trust anchors fail at start.
                ssl = sslContext();
            } catch (SSLException e) {
                throw new IllegalArgumentException("ca_file : \"" + caFile.path() + "\" " + e.getMessage()
                    + " (expected: certificates the JDK takes as trust anchors)", e);
            }
        }
        this.group = new NioEventLoopGroup(1, new DefaultThreadFactory(threadName, true));
    }

    /** Starts {@code request} with {@code headers}; its result arrives on the queue. Any thread. */
    void fetch(final FetchRequest request, final Map<String, String> headers) {
        group.execute(() -> start(request, headers));
    }

    private void start(final FetchRequest request, final Map<String, String> headers) {
        final URI url;
        try {
            url = URI.create(request.url());
        } catch (IllegalArgumentException e) {
            results.add(PollResult.failed(request, "bad URL " + request.url() + ": " + e.getMessage()));
            return;
        }
        final boolean tls = "https".equalsIgnoreCase(url.getScheme());
        final String host = url.getHost();
        if (host == null || !tls && !"http".equalsIgnoreCase(url.getScheme())) {
            results.add(PollResult.failed(request, "URL " + request.url() + " (expected: http or https with a host)"));
            return;
        }
        final int port = url.getPort() > 0 ? url.getPort() : tls ? 443 : 80;
        final String origin = (tls ? "https://" : "http://") + host.toLowerCase(Locale.ROOT) + ":" + port;
        final FullHttpRequest get = request(url, host, port, tls, request, headers);
        final Channel reused = takeIdle(origin);
        if (reused != null) {
            send(reused, request, get);
            return;
        }
        final Bootstrap b = new Bootstrap().group(group).channel(NioSocketChannel.class)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, connectTimeoutMs))
            .option(ChannelOption.TCP_NODELAY, true)
            .handler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(final SocketChannel ch) throws SSLException {
                    final ChannelPipeline p = ch.pipeline();
                    if (tls) {
                        p.addLast(sslHandler(ch, host, port));
                    }
                    p.addLast(new HttpClientCodec(), new HttpContentDecompressor(), new HttpObjectAggregator(maxPageBytes),
                        new PollHandler(results, origin, HttpPoller.this::release, maxPageBytes));
                }
            });
        b.connect(host, port).addListener(f -> {
            if (!f.isSuccess()) {
                get.release();
                results.add(PollResult.failed(request, "connect to " + origin + " failed: " + f.cause()));
                return;
            }
            final Channel ch = ((io.netty.channel.ChannelFuture) f).channel();
            if (!tls) {
                send(ch, request, get);
                return;
            }
            ch.pipeline().get(SslHandler.class).handshakeFuture().addListener(h -> {
                if (h.isSuccess()) {
                    send(ch, request, get);
                } else {
                    get.release();
                    results.add(PollResult.failed(request, TlsFailure.describe(origin, h.cause(), caFile,
                        connectTimeoutMs)));
                    ch.close();
                }
            });
        });
    }

    private void send(final Channel ch, final FetchRequest request, final FullHttpRequest get) {
        final PollHandler handler = ch.pipeline().get(PollHandler.class);
        handler.begin(request, ch.eventLoop().schedule(() -> handler.timeout(ch, requestTimeoutMs),
            requestTimeoutMs, TimeUnit.MILLISECONDS));
        ch.writeAndFlush(get).addListener(f -> {
            if (!f.isSuccess()) {
                handler.fail(ch, "write failed: " + f.cause());
            }
        });
    }

    private static FullHttpRequest request(final URI url, final String host, final int port, final boolean tls,
                                           final FetchRequest request, final Map<String, String> headers) {
        final String path = (url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath())
            + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
        final FullHttpRequest get = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, path);
        final boolean defaultPort = port == (tls ? 443 : 80);
        get.headers().set(HttpHeaderNames.HOST, defaultPort ? host : host + ":" + port);
        get.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        get.headers().set(HttpHeaderNames.ACCEPT_ENCODING, HttpHeaderValues.GZIP + "," + HttpHeaderValues.DEFLATE);
        headers.forEach((k, v) -> get.headers().set(k, v));
        if (request.etag() != null) {
            get.headers().set(HttpHeaderNames.IF_NONE_MATCH, request.etag());
        }
        return get;
    }

    private SslHandler sslHandler(final SocketChannel ch, final String host, final int port) throws SSLException {
        if (ssl == null) {
            ssl = sslContext();
        }
        final SslHandler handler = ssl.newHandler(ch.alloc(), host, port);
        final SSLEngine engine = handler.engine();
        final SSLParameters params = engine.getSSLParameters();
        params.setEndpointIdentificationAlgorithm("HTTPS");
        engine.setSSLParameters(params);
        handler.setHandshakeTimeoutMillis(connectTimeoutMs);
        return handler;
    }

    private SslContext sslContext() throws SSLException {
        final SslContextBuilder b = SslContextBuilder.forClient().sslProvider(SslProvider.JDK);
        if (caFile != null) {
            b.trustManager(caFile.certificates().toArray(new X509Certificate[0]));
        }
        return b.build();
    }

    private Channel takeIdle(final String origin) {
        final ArrayDeque<Channel> pool = idle.get(origin);
        Channel ch;
        while (pool != null && (ch = pool.pollLast()) != null) {
            if (ch.isActive()) {
                return ch;
            }
        }
        return null;
    }

    /** A connection whose response is complete and may be kept alive; event loop only. */
    private void release(final String origin, final Channel ch) {
        idle.computeIfAbsent(origin, k -> new ArrayDeque<>()).addLast(ch);
    }

    /** Closes every connection and stops the event loop; waits for it. Any thread. */
    @Override
    public void close() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
