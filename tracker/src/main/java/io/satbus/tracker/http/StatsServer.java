package io.satbus.tracker.http;

import com.codahale.metrics.Clock;
import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricFilter;
import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.satbus.core.Liveness;
import io.satbus.core.security.SecuritySpec;
import io.satbus.core.topology.Topology;
import io.satbus.core.topology.TrackerSpec;
import io.satbus.tracker.DeadMessage;
import io.satbus.tracker.TrackerBindException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The always-on local view of a process's metrics: a small HTTP/1.1 server (Netty, one event
 * loop thread) answering {@code GET /} (the live page: the topology drawn with its figures, made
 * of {@code /live.js} and {@code /live.css} from the jar, which polls the documents below),
 * {@code GET /health}, {@code GET /metrics} (every metric of the registry, see
 * {@link MetricsJson}), {@code GET /topology} (see {@link TopologyJson}) and {@code GET /dead}
 * (the last dead letters, see {@link DeadLettersJson}), bound to 127.0.0.1 unless told otherwise. It needs no Graphite. The pipeline per connection
 * is {@code IdleStateHandler -> ConnectionLimit -> HttpServerCodec -> BoundedAggregator ->
 * StatsHandler}: at most {@code maxConnections} connections at once, none kept quiet longer than
 * {@code idleTimeoutMs} ({@link ConnectionLimit}). {@code /health} answers 503 "down" while a
 * loop it was given ({@link Builder#liveness(Liveness)}) does not turn. docs/metrics.md shows
 * the documents.
 *
 * <p>Built with {@link #forRegistry(MetricRegistry)}; {@link #close()} stops it. Thread-safe.
 */
public final class StatsServer implements AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(StatsServer.class);
    public static final String DEFAULT_HTTP_HOST = io.satbus.core.topology.TrackerSpec.DEFAULT_HTTP_HOST;
    /** The port after the orchester's defaults (5670-5672); 0 asks for an ephemeral port. */
    public static final int DEFAULT_HTTP_PORT = io.satbus.core.topology.TrackerSpec.DEFAULT_HTTP_PORT;
    /** Largest request body accepted; the server only answers GET. */
    public static final int DEFAULT_MAX_REQUEST_BYTES = 8 * 1024;
    static final int MAX_INITIAL_LINE_BYTES = 4 * 1024;
    static final int MAX_HEADER_BYTES = 8 * 1024;
    static final int MAX_CHUNK_BYTES = 8 * 1024;

    private final EventLoopGroup loop;
    private final Channel channel;
    private final ConnectionLimit limit;
    private final MetricRegistry registry;
    private final String metricsPrefix;

    private StatsServer(final EventLoopGroup loop, final Channel channel, final ConnectionLimit limit,
                        final MetricRegistry registry, final String metricsPrefix) {
        this.loop = loop;
        this.channel = channel;
        this.limit = limit;
        this.registry = registry;
        this.metricsPrefix = metricsPrefix;
    }

    /** A builder for a server showing {@code registry}. */
    public static Builder forRegistry(final MetricRegistry registry) {
        return new Builder(registry);
    }

    /** Where it listens (with the actual port when 0 was asked for). */
    public InetSocketAddress address() {
        return (InetSocketAddress) channel.localAddress();
    }

    /** The port it listens on. */
    public int port() {
        return address().getPort();
    }

    /** Connections open now. */
    public int connections() {
        return limit.open();
    }

    /**
     * Stops listening, closes open connections, ends the event loop thread and removes its
     * connection metrics from the registry; idempotent.
     */
    @Override
    public void close() {
        channel.close().awaitUninterruptibly();
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        if (metricsPrefix != null) {
            registry.removeMatching(MetricFilter.startsWith(metricsPrefix + "."));
        }
    }

    /** Settings of a {@link StatsServer}; every default is set in the constructor. Not thread-safe. */
    public static final class Builder {
        private final MetricRegistry registry;
        private Topology topology;
        private String host;
        private int port;
        private int maxRequestBytes;
        private Clock clock;
        private Supplier<Map<String, ?>> healthDetails;
        private int maxConnections;
        private long idleTimeoutMs;
        private String metricsPrefix;
        private final List<Liveness> loops;
        private Supplier<List<DeadMessage>> deadLetters;

        private Builder(final MetricRegistry registry) {
            this.registry = Objects.requireNonNull(registry, "registry");
            this.topology = null;
            this.host = DEFAULT_HTTP_HOST;
            this.port = DEFAULT_HTTP_PORT;
            this.maxRequestBytes = DEFAULT_MAX_REQUEST_BYTES;
            this.clock = Clock.defaultClock();
            this.healthDetails = Map::of;
            this.maxConnections = TrackerSpec.DEFAULT_HTTP_MAX_CONNECTIONS;
            this.idleTimeoutMs = TrackerSpec.DEFAULT_HTTP_IDLE_TIMEOUT_MS;
            this.metricsPrefix = null;
            this.loops = new ArrayList<>();
            this.deadLetters = List::of;
        }

        /** The topology shown on /topology and named on /health; required. */
        public Builder topology(final Topology value) {
            this.topology = Objects.requireNonNull(value, "topology");
            return this;
        }

        /** Address to bind; default {@value StatsServer#DEFAULT_HTTP_HOST}. */
        public Builder host(final String value) {
            this.host = Objects.requireNonNull(value, "host");
            return this;
        }

        /** Port to bind, 0 for an ephemeral one; default {@value StatsServer#DEFAULT_HTTP_PORT}. */
        public Builder port(final int value) {
            if (value < 0 || value > 65_535) {
                throw new IllegalArgumentException("http port : " + value + " (expected: 0..65535, 0 for any free port)");
            }
            this.port = value;
            return this;
        }

        /** Largest request body; default {@value StatsServer#DEFAULT_MAX_REQUEST_BYTES}. */
        public Builder maxRequestBytes(final int value) {
            if (value < 0) {
                throw new IllegalArgumentException("maxRequestBytes : " + value + " (expected: >= 0)");
            }
            this.maxRequestBytes = value;
            return this;
        }

        /** Clock for {@code at_ms} and {@code uptime_ms}; default the system clock. */
        public Builder clock(final Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /**
         * Extra fields for /health, read on each request from the server's thread (so the
         * supplier must be thread-safe); default none.
         */
        public Builder healthDetails(final Supplier<Map<String, ?>> value) {
            this.healthDetails = Objects.requireNonNull(value, "healthDetails");
            return this;
        }

        /**
         * Most connections open at once; beyond it the quietest is closed. Default
         * {@value TrackerSpec#DEFAULT_HTTP_MAX_CONNECTIONS} ({@code tracker.metrics.max_connections}).
         */
        public Builder maxConnections(final int value) {
            if (value < 1) {
                throw new IllegalArgumentException("maxConnections : " + value + " (expected: >= 1)");
            }
            this.maxConnections = value;
            return this;
        }

        /**
         * A connection that neither reads nor writes this long is closed. Default
         * {@value TrackerSpec#DEFAULT_HTTP_IDLE_TIMEOUT_MS} ms ({@code tracker.metrics.idle_timeout}).
         */
        public Builder idleTimeoutMs(final long value) {
            if (value < 1) {
                throw new IllegalArgumentException("idleTimeoutMs : " + value + " (expected: >= 1)");
            }
            this.idleTimeoutMs = value;
            return this;
        }

        /**
         * Registers the server's own metrics under {@code prefix} ({@code satbus.<topology>.<role>.http}):
         * {@code connections} (open now), {@code evicted} and {@code idle_closed}; default none.
         */
        public Builder metricsPrefix(final String value) {
            this.metricsPrefix = Objects.requireNonNull(value, "metricsPrefix");
            return this;
        }

        /**
         * A loop whose turning /health reports under its name; while it is not
         * {@link Liveness#alive(long) alive} (by this builder's clock) /health answers 503 "down".
         */
        public Builder liveness(final Liveness value) {
            this.loops.add(Objects.requireNonNull(value, "liveness"));
            return this;
        }

        /**
         * The last dead messages, oldest first, shown on /dead and on the live page; read on each
         * request from the server's thread (so the supplier must be thread-safe); default none.
         */
        public Builder deadLetters(final Supplier<List<DeadMessage>> value) {
            this.deadLetters = Objects.requireNonNull(value, "deadLetters");
            return this;
        }

        /**
         * Binds and starts serving.
         *
         * @throws TrackerBindException when the address cannot be bound, saying which
         */
        public StatsServer start() {
            if (topology == null) {
                throw new IllegalStateException("topology : not set (expected: StatsServer.forRegistry(r).topology(t))");
            }
            final String token = bearerToken();
            final StatsHandler handler = new StatsHandler(routes(), token);
            final int maxBody = maxRequestBytes;
            final long idleMs = idleTimeoutMs;
            final ConnectionLimit limit = new ConnectionLimit(maxConnections, counter("evicted"), counter("idle_closed"));
            final EventLoopGroup loop = new NioEventLoopGroup(1, new DefaultThreadFactory("satbus-stats-http", true));
            final ChannelFuture bound = new ServerBootstrap()
                .group(loop)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(final SocketChannel ch) {
                        ch.pipeline()
                            .addLast(new IdleStateHandler(0, 0, idleMs, TimeUnit.MILLISECONDS))
                            .addLast(limit)
                            .addLast(new HttpServerCodec(MAX_INITIAL_LINE_BYTES, MAX_HEADER_BYTES, MAX_CHUNK_BYTES))
                            .addLast(new BoundedAggregator(maxBody))
                            .addLast(handler);
                    }
                })
                .bind(host, port)
                .awaitUninterruptibly();
            if (!bound.isSuccess()) {
                loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
                if (metricsPrefix != null) {
                    registry.removeMatching(MetricFilter.startsWith(metricsPrefix + "."));
                }
                throw new TrackerBindException("metrics http : cannot listen on " + host + ':' + port + " ("
                    + bound.cause() + ") (expected: a free port on a local address: set tracker.metrics.http or "
                    + "--http to another, port 0 for any, or off)", bound.cause());
            }
            if (metricsPrefix != null) {
                registry.register(metricsPrefix + ".connections", (Gauge<Integer>) limit::open);
            }
            if (token != null) {
                LOG.info("metrics http on {}:{} (off loopback): every request needs Authorization: Bearer and the "
                    + "token of security.http_token", host, port);
            } else if (!loopback(host)) {
                LOG.warn("metrics http on {}:{} is open to whoever reaches it (expected: 127.0.0.1, or a security "
                    + "section with http_token, docs/security.md)", host, port);
            }
            return new StatsServer(loop, bound.channel(), limit, registry, metricsPrefix);
        }

        /**
         * With security on and an address off loopback, the token of {@code security.http_token};
         * null when the view is open (loopback, or no security).
         *
         * @throws TrackerBindException when security is on, the address is off loopback and no token is given
         */
        private String bearerToken() {
            final SecuritySpec security = topology.security();
            if (security == null || loopback(host)) {
                return null;
            }
            if (security.httpToken() == null) {
                throw new TrackerBindException("metrics http : " + host + " is off loopback with security on and no "
                    + "security.http_token (expected: 127.0.0.1, or a token file in security.http_token)", null);
            }
            try {
                return java.nio.file.Files.readString(security.httpToken()).strip();
            } catch (java.io.IOException ex) {
                throw new TrackerBindException("security.http_token : " + security.httpToken() + " cannot be read ("
                    + ex.getClass().getSimpleName() + ") (expected: a readable token file)", ex);
            }
        }

        /** True for an address only this machine reaches. */
        static boolean loopback(final String host) {
            final String h = host.toLowerCase(java.util.Locale.ROOT);
            return h.startsWith("127.") || h.equals("localhost") || h.equals("::1") || h.equals("[::1]");
        }

        /** A counter in the registry under the metrics prefix, or a counter of its own without one. */
        private Counter counter(final String name) {
            return metricsPrefix == null ? new Counter() : registry.counter(metricsPrefix + "." + name);
        }

        private Map<String, Supplier<FullHttpResponse>> routes() {
            final Topology shown = topology;
            final MetricRegistry metrics = registry;
            final Clock time = clock;
            final Supplier<Map<String, ?>> details = healthDetails;
            final List<Liveness> watched = List.copyOf(loops);
            final long startedAtMs = time.getTime();
            final JsonNode topologyJson = TopologyJson.of(shown, JsonResponses.JSON);
            final Supplier<List<DeadMessage>> dead = deadLetters;
            final Map<String, Supplier<FullHttpResponse>> routes = new LinkedHashMap<>();
            final StaticPage page = StaticPage.of("index.html", "text/html; charset=utf-8");
            final StaticPage script = StaticPage.of("live.js", "text/javascript; charset=utf-8");
            final StaticPage style = StaticPage.of("live.css", "text/css; charset=utf-8");
            routes.put("/", page::response);
            routes.put("/live.js", script::response);
            routes.put("/live.css", style::response);
            routes.put("/health", () -> HealthJson.response(shown, metrics, time.getTime(), startedAtMs, watched,
                details.get()));
            routes.put("/metrics", () -> JsonResponses.ok(MetricsJson.of(metrics, time.getTime(), JsonResponses.JSON)));
            routes.put("/topology", () -> JsonResponses.ok(topologyJson));
            routes.put("/dead", () -> JsonResponses.ok(DeadLettersJson.of(dead.get(), time.getTime(), JsonResponses.JSON)));
            return java.util.Collections.unmodifiableMap(routes);
        }
    }
}
