package io.satbus.satellites.firehose;

import io.satbus.satellites.api.Output;
import io.satbus.satellites.api.SatelliteConfig;
import io.satbus.satellites.api.SatelliteContext;
import io.satbus.satellites.api.Source;
import io.satbus.satellites.runtime.Configurable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stand-in for GitHub's events API, for offline demos and tests: serves deterministic
 * GitHub-shaped events on {@code http://127.0.0.1:<port>/events} from open to close (see
 * {@link FeedScript} for what it answers). It sends no messages itself; as a source it is
 * done once it has served its end page ({@code X-Satbus-End: true}), so a run
 * {@code --until-drained} ends when the feed is exhausted and everything fetched is handled.
 *
 * <p>Runtime thread for open, produce and close; the server answers on its own thread.
 */
public final class Feed implements Source, Configurable {
    public static final int DEFAULT_PORT = 8089;
    public static final long DEFAULT_TOTAL_EVENTS = 500;
    public static final int DEFAULT_EVENTS_PER_POLL = 20;
    public static final int DEFAULT_PER_PAGE = 30;
    public static final int DEFAULT_MAX_PAGES = 10;
    public static final double DEFAULT_ERROR_RATE = 0.05;
    public static final double DEFAULT_QUIET_RATE = 0.2;
    public static final long DEFAULT_SEED = 1;
    public static final int DEFAULT_POLL_INTERVAL_S = 1;
    public static final int DEFAULT_RATE_LIMIT = 60;
    public static final int DEFAULT_RATE_WINDOW_S = 60;

    private static final Logger LOG = LoggerFactory.getLogger(Feed.class);

    private FeedScript script;
    private FeedServer server;
    private int port;
    private FeedScript.Settings settings;

    @Override
    public void open(final SatelliteContext context) throws InterruptedException {
        configure(context);
        final FeedScript.Settings s = settings;
        script = new FeedScript(s);
        server = new FeedServer("satbus-" + context.name() + "-" + context.instance() + "-http", port, script,
            System::currentTimeMillis);
        LOG.info("satellites.{} serving {} events on http://127.0.0.1:{}{} ({})", context.name(), s.totalEvents(),
            server.port(), FeedServer.PATH, s);
    }

    @Override
    public void configure(final SatelliteContext context) {
        final SatelliteConfig c = context.config();
        port = c.integer("port", DEFAULT_PORT);
        if (port < 0 || port > 65535) {
            throw c.invalid("port", port, "a port 0..65535 (0 for any free port)");
        }
        final FeedScript.Settings s = new FeedScript.Settings(
            atLeast(c, "total_events", c.longInteger("total_events", DEFAULT_TOTAL_EVENTS), 0),
            (int) atLeast(c, "events_per_poll", c.integer("events_per_poll", DEFAULT_EVENTS_PER_POLL), 1),
            (int) atLeast(c, "per_page", c.integer("per_page", DEFAULT_PER_PAGE), 1),
            (int) atLeast(c, "max_pages", c.integer("max_pages", DEFAULT_MAX_PAGES), 1),
            rate(c, "error_rate", DEFAULT_ERROR_RATE), rate(c, "quiet_rate", DEFAULT_QUIET_RATE),
            c.longInteger("seed", DEFAULT_SEED),
            (int) atLeast(c, "poll_interval", c.integer("poll_interval", DEFAULT_POLL_INTERVAL_S), 0),
            (int) atLeast(c, "rate_limit", c.integer("rate_limit", DEFAULT_RATE_LIMIT), 1),
            (int) atLeast(c, "rate_window", c.integer("rate_window", DEFAULT_RATE_WINDOW_S), 1));
        if (s.totalEvents() > Integer.MAX_VALUE) {
            throw c.invalid("total_events", s.totalEvents(), "events <= " + Integer.MAX_VALUE);
        }
        settings = s;
    }

    @Override
    public int produce(final Output out) {
        return script.exhausted() ? DONE : 0;
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
            server = null;
            LOG.info("feed closed: {} requests answered, {} distinct events served", script.requests(), script.served());
        }
    }

    /** The port served on (useful with port 0). */
    public int port() {
        return server.port();
    }

    /** Distinct events served so far; any thread. */
    public int served() {
        return script.served();
    }

    /** The event id of the {@code i}th event released (0-based). */
    public static String eventId(final long i) {
        return FeedScript.eventId(i);
    }

    private static long atLeast(final SatelliteConfig c, final String key, final long value, final long min) {
        if (value < min) {
            throw c.invalid(key, value, "an integer >= " + min);
        }
        return value;
    }

    private static double rate(final SatelliteConfig c, final String key, final double defaultValue) {
        final double v = c.decimal(key, defaultValue);
        if (!(v >= 0 && v < 1)) {
            throw c.invalid(key, v, "a fraction 0 <= x < 1");
        }
        return v;
    }
}
