package io.satbus.orchester;

/**
 * A set of {@link Counter} values. Plain longs: owned and written by the orchester thread only,
 * read by it to build {@link OrchesterStatus} snapshots. NOT thread safe.
 */
final class Counters {
    private static final Counter[] ALL = Counter.values();

    private final long[] values = new long[ALL.length];

    void increment(final Counter c) {
        values[c.ordinal()]++;
    }

    long get(final Counter c) {
        return values[c.ordinal()];
    }

    OrchesterStatus.CounterValues snapshot() {
        return new OrchesterStatus.CounterValues(get(Counter.REQUESTS), get(Counter.DISPATCHED), get(Counter.DONE),
            get(Counter.ERRORS), get(Counter.RETRIES), get(Counter.WORKER_LOST), get(Counter.TIMEOUTS),
            get(Counter.PROGRESS), get(Counter.DEAD), get(Counter.LATE_REPLIES), get(Counter.MALFORMED),
            get(Counter.REFUSED), get(Counter.EXPIRED), get(Counter.TOO_LARGE), get(Counter.SUSPECTS),
            get(Counter.FORBIDDEN), get(Counter.REFUSED_KEYS));
    }
}
