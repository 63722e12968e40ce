package io.satbus.cli.bench;

/**
 * The raw JeroMQ ceilings for one payload size, measured in this run ({@link RawZmqBaseline}).
 *
 * @param payloadSize bytes per message
 * @param oneHop      messages per second, PUSH to PULL
 * @param twoHops     messages per second, PUSH to a bare proxy thread to PULL
 */
record Baseline(int payloadSize, double oneHop, double twoHops) {
    static Baseline measure(final int payloadSize, final long measureMs) {
        final long warmupMs = Math.max(200, measureMs / 3);
        return new Baseline(payloadSize, RawZmqBaseline.oneHop(payloadSize, warmupMs, measureMs),
            RawZmqBaseline.twoHops(payloadSize, warmupMs, measureMs));
    }
}
