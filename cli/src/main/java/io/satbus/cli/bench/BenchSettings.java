package io.satbus.cli.bench;

/**
 * How each variant is measured. Immutable.
 *
 * @param warmupMs    run before measuring, so that the JIT and the queues settle
 * @param durationMs  measured period; ignored when {@code messages} is set
 * @param messages    measure until this many messages reached the sinks instead, 0 for a period
 * @param rate        the generators' rate: messages per second, {@code max}, or {@code N%} of the first variant
 * @param payloadSize the generators' payload size in bytes
 * @param baselineMs  measured period of each raw JeroMQ baseline, 0 to skip them
 */
record BenchSettings(long warmupMs, long durationMs, long messages, String rate, int payloadSize, long baselineMs) {
    static final long DEFAULT_WARMUP_MS = 3000;
    static final long DEFAULT_DURATION_MS = 10_000;
    static final int DEFAULT_PAYLOAD_SIZE = 100;
    static final long DEFAULT_BASELINE_MS = 3000;
    /** A count-bounded measurement gives up after this long, so a stuck run still ends. */
    static final long MAX_COUNTED_MS = 10 * 60_000;

    BenchSettings {
        if (warmupMs < 0) {
            throw new IllegalArgumentException("--warmup : " + warmupMs + " ms (expected: >= 0)");
        }
        if (durationMs < 1) {
            throw new IllegalArgumentException("--duration : " + durationMs + " ms (expected: >= 1 ms)");
        }
        if (messages < 0) {
            throw new IllegalArgumentException("--messages : " + messages + " (expected: >= 0)");
        }
        if (payloadSize < 0) {
            throw new IllegalArgumentException("--payload-size : " + payloadSize + " (expected: >= 0)");
        }
        if (baselineMs < 0) {
            throw new IllegalArgumentException("--baseline : " + baselineMs + " ms (expected: >= 0)");
        }
    }
}
