package io.satbus.satellites.firehose;

import io.satbus.core.RareLog;
import io.satbus.core.envelope.Envelope;
import io.satbus.satellites.api.Output;
import io.satbus.satellites.api.SatelliteContext;
import io.satbus.satellites.api.Source;
import io.satbus.satellites.runtime.Configurable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls HTTP resources and sends each page fetched (status 200) on along its wiring as one
 * {@code application/json} message whose headers say where it came from: {@code resource},
 * {@code url}, {@code status}, {@code etag}, {@code page}, {@code fetched_at} (epoch ms).
 *
 * <p>Each resource has a {@link ResourceState}; those waiting sit in a queue ordered by their
 * next allowed time, so a {@link #produce} call looks at the head only and returns 0 when
 * nothing is due (the runtime idles). Requests run on the {@link HttpPoller}'s event loop; their
 * results come back through a concurrent queue drained here. The fetcher is done when every
 * resource has ended ({@code X-Satbus-End}, or {@code stop_after_idle_polls}) or failed (401,
 * 403), and no request is in flight.
 *
 * <p>Runtime thread only, except the counters.
 */
public final class Fetcher implements Source, Configurable {
    private static final Logger LOG = LoggerFactory.getLogger(Fetcher.class);
    static final String CONTENT_TYPE = "application/json";

    private final Function<String, String> env;
    private final LongSupplier clockMs;
    private final LongSupplier epochMs;
    private final Queue<PollResult> results = new ConcurrentLinkedQueue<>();
    private final PriorityQueue<ResourceState> waiting =
        new PriorityQueue<>(Comparator.comparingLong(ResourceState::nextAtMs));
    private final List<ResourceState> states = new ArrayList<>();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong pages = new AtomicLong();
    private final AtomicLong notModified = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private HttpPoller poller;
    private SatelliteContext context;
    private FetcherSettings settings;
    private int inFlight;

    public Fetcher() {
        this(System::getenv, () -> System.nanoTime() / 1_000_000, System::currentTimeMillis);
    }

    /** With its own environment and clocks (monotonic and epoch milliseconds), for tests. */
    Fetcher(final Function<String, String> env, final LongSupplier clockMs, final LongSupplier epochMs) {
        this.env = env;
        this.clockMs = clockMs;
        this.epochMs = epochMs;
    }

    @Override
    public void open(final SatelliteContext context) {
        this.context = context;
        configure(context);
        final FetcherSettings s = settings;
        final long now = clockMs.getAsLong();
        for (ResourceSpec r : s.resources()) {
            final ResourceState state = new ResourceState(states.size(), r, s.backoffInitialMs(), s.backoffMaxMs(),
                s.stopAfterIdlePolls(), now);
            states.add(state);
            waiting.add(state);
        }
        poller = new HttpPoller("satbus-" + context.name() + "-" + context.instance() + "-http", s.connectTimeoutMs(),
            s.requestTimeoutMs(), s.maxPageBytes(), s.caFile(), results);
        LOG.info("satellites.{} instance {} polls {} resource(s): {}; TLS trusts {}", context.name(), context.instance(),
            states.size(), s.resources().stream().map(ResourceSpec::name).toList(), s.caFile() == null
                ? "the JDK's default trust store"
                : s.caFile().certificates().size() + " certificate(s) of ca_file " + s.caFile().path() + " only");
    }

    @Override
    public void configure(final SatelliteContext context) {
        settings = FetcherSettings.from(context.config(), env, context.baseDir());
        if (!context.wiring().wired()) {
            throw new IllegalArgumentException("satellites." + context.name()
                + " : neither send_to nor publish (expected: at least one, for the fetched pages)");
        }
    }

    @Override
    public int produce(final Output out) {
        int sent = 0;
        PollResult r;
        while ((r = results.poll()) != null) {
            inFlight--;
            sent += apply(r, out);
        }
        final long now = clockMs.getAsLong();
        while (!waiting.isEmpty() && waiting.peek().due(now) && !context.stopping()) {
            final ResourceState state = waiting.poll();
            poller.fetch(state.begin(now), state.spec().headers());
            requests.incrementAndGet();
            inFlight++;
        }
        return inFlight == 0 && waiting.isEmpty() ? DONE : sent;
    }

    private int apply(final PollResult r, final Output out) {
        final ResourceState state = states.get(r.request().resource());
        final long now = clockMs.getAsLong();
        final String name = state.spec().name();
        if (r.status() == PollResult.FAILED) {
            failures.incrementAndGet();
            state.onFailure(now, r.failure());
            logFailure(state, r.request(), now);
            waiting.add(state);
            return 0;
        }
        final int failedBefore = state.failuresInARow();
        final ResourceState.Outcome outcome = state.onResponse(now, r.status(),
            ResponseMeta.of(r::header, epochMs.getAsLong()));
        if (failedBefore > 0 && state.failuresInARow() == 0) {
            LOG.info("satellites.{} {} answers again (HTTP {}) after {} failure(s) in a row", context.name(), name,
                r.status(), failedBefore);
        }
        int sent = 0;
        switch (outcome) {
            case PAGE, ENDED -> {
                if (r.status() == 200 && !emptyPage(r.body())) {
                    out.forward(page(r, out));
                    pages.incrementAndGet();
                    sent = 1;
                }
                if (outcome == ResourceState.Outcome.ENDED) {
                    LOG.info("satellites.{} {} ended: {} (no more requests)", context.name(), name,
                        r.status() == 304 ? "stop_after_idle_polls reached" : "the server sent " + ResponseMeta.END_HEADER);
                }
            }
            case NOT_MODIFIED -> notModified.incrementAndGet();
            case RATE_LIMITED -> LOG.info("satellites.{} {} rate limited (HTTP {}); next request in {} ms",
                context.name(), name, r.status(), state.nextAtMs() - now);
            case BACKOFF -> {
                failures.incrementAndGet();
                logFailure(state, r.request(), now);
            }
            case FAILED -> {
                failures.incrementAndGet();
                LOG.error("satellites.{} {} : HTTP {} from {} (expected: 200 or 304); check the token (token_env) and"
                    + " the URL; this resource makes no further requests", context.name(), name, r.status(),
                    r.request().url());
            }
            default -> throw new IllegalStateException("outcome : " + outcome);
        }
        if (!state.finished()) {
            waiting.add(state);
        }
        return sent;
    }

    /**
     * WARN at a resource's 1st, 2nd, 4th, 8th... failure in a row, DEBUG at the others: a server
     * that stays down (or keeps presenting a bad certificate) costs a line per doubling, not one
     * per poll, and never a stack trace.
     */
    private void logFailure(final ResourceState state, final FetchRequest request, final long now) {
        final int n = state.failuresInARow();
        if (RareLog.due(n)) {
            LOG.warn("satellites.{} {} page {}: {}; retrying in {} ms (failure {} in a row; " + RareLog.SUFFIX + ")",
                context.name(), state.spec().name(), request.page(), state.failure(), state.nextAtMs() - now, n);
        } else if (LOG.isDebugEnabled()) {
            LOG.debug("satellites.{} {} page {}: {}; retrying in {} ms (failure {} in a row)", context.name(),
                state.spec().name(), request.page(), state.failure(), state.nextAtMs() - now, n);
        }
    }

    private Envelope page(final PollResult r, final Output out) {
        final Envelope blank = out.message(CONTENT_TYPE, r.body());
        final Map<String, String> headers = new LinkedHashMap<>();
        headers.put("resource", states.get(r.request().resource()).spec().name());
        headers.put("url", r.request().url());
        headers.put("status", Integer.toString(r.status()));
        headers.put("page", Integer.toString(r.request().page()));
        headers.put("fetched_at", Long.toString(epochMs.getAsLong()));
        final String etag = r.header("etag");
        if (etag != null) {
            headers.put("etag", etag);
        }
        return new Envelope(blank.id(), blank.topology(), blank.origin(), blank.instance(), blank.attempt(),
            blank.createdAtUs(), CONTENT_TYPE, headers, r.body());
    }

    /** An empty body or an empty JSON array: nothing to send on. */
    static boolean emptyPage(final byte[] body) {
        int i = 0;
        int n = body.length;
        while (i < n && Character.isWhitespace(body[i])) {
            i++;
        }
        while (n > i && Character.isWhitespace(body[n - 1])) {
            n--;
        }
        if (i == n) {
            return true;
        }
        if (body[i] != '[' || body[n - 1] != ']') {
            return false;
        }
        for (int j = i + 1; j < n - 1; j++) {
            if (!Character.isWhitespace(body[j])) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        if (poller != null) {
            poller.close();
            poller = null;
        }
    }

    /** The state of resource {@code index}; runtime thread (or a test driving produce) only. */
    ResourceState state(final int index) {
        return states.get(index);
    }

    /** Requests started so far; any thread. */
    public long requests() {
        return requests.get();
    }

    /** Pages sent on so far; any thread. */
    public long pages() {
        return pages.get();
    }

    /** 304 responses so far; any thread. */
    public long notModified() {
        return notModified.get();
    }

    /** Failed requests (transport failures, 4xx and 5xx other than rate limiting); any thread. */
    public long failures() {
        return failures.get();
    }
}
