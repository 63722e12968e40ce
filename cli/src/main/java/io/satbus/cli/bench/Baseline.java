package io.satbus.cli.bench;

/**
 * The raw JeroMQ ceilings for one payload size, measured in this run ({@link RawZmqBaseline}).
 *
 * @param payloadSize bytes per message
 * @param oneHop      messages per second, PUSH to PULL
 * @param twoHops     messages per second, PUSH to a bare proxy thread to PULL
 * @param roundTrip   microseconds per round trip of one message through four hops (a bare
 *                    proxy and an echo), one at a time with a pause between ({@link RawZmqLatency})
 * @param backToBack  microseconds per round trip through the same four hops, one at a time with
 *                    no pause
 * @param orchesterBackToBack microseconds per round trip of a plain MDP request through the
 *                    orchester to an echo worker and back, one at a time with no pause
 *                    ({@link OrchesterLatency}): {@code backToBack} with the orchester for the proxy
 */
record Baseline(int payloadSize, double oneHop, double twoHops, VariantResult.Latency roundTrip,
                VariantResult.Latency backToBack, VariantResult.Latency orchesterBackToBack) {
    static Baseline measure(final int payloadSize, final long measureMs) {
        final long warmupMs = Math.max(200, measureMs / 3);
        return new Baseline(payloadSize, RawZmqBaseline.oneHop(payloadSize, warmupMs, measureMs),
            RawZmqBaseline.twoHops(payloadSize, warmupMs, measureMs),
            VariantBench.latency(RawZmqLatency.fourHopRoundTrips(payloadSize, warmupMs, measureMs)),
            VariantBench.latency(RawZmqLatency.backToBackRoundTrips(payloadSize, warmupMs, measureMs)),
            VariantBench.latency(OrchesterLatency.backToBackRoundTrips(payloadSize, warmupMs, measureMs)));
    }

    /** The orchester's back-to-back p99 over the bare proxy's: 1 means the orchester adds nothing to the tail. */
    double orchesterP99Ratio() {
        return backToBack.p99Us() == 0 ? Double.NaN : (double) orchesterBackToBack.p99Us() / backToBack.p99Us();
    }
}
