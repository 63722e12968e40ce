package io.satbus.cli.bench;

/**
 * The raw JeroMQ ceilings for one payload size, measured in this run ({@link RawZmqBaseline}).
 *
 * @param payloadSize bytes per message
 * @param oneHop      messages per second, PUSH to PULL
 * @param twoHops     messages per second, PUSH to a bare proxy thread to PULL
 * @param roundTrip   microseconds per round trip of one message through four hops (a bare
 *                    proxy and an echo), one at a time with a pause between ({@link RawZmqLatency})
 */
record Baseline(int payloadSize, double oneHop, double twoHops, VariantResult.Latency roundTrip) {
    static Baseline measure(final int payloadSize, final long measureMs) {
        final long warmupMs = Math.max(200, measureMs / 3);
        return new Baseline(payloadSize, RawZmqBaseline.oneHop(payloadSize, warmupMs, measureMs),
            RawZmqBaseline.twoHops(payloadSize, warmupMs, measureMs),
            VariantBench.latency(RawZmqLatency.fourHopRoundTrips(payloadSize, warmupMs, measureMs)));
    }
}
