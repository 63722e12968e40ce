package io.satbus.cli.bench;

import java.util.List;
import java.util.Map;

/**
 * What one variant measured. Rates are per second of the measured period; latencies are from
 * the generator's emit ({@code created_at_us}) to the sink's {@code onMessage} returning, in
 * microseconds. Immutable.
 *
 * @param label           the variant's {@code key=value,...}
 * @param params          the variant's values
 * @param tracking        whether the tracker ran
 * @param targetRate      the generators' rate, 0 for flat out
 * @param payloadSize     bytes per payload
 * @param delivered       messages that reached a sink in the measured period
 * @param seconds         length of the measured period
 * @param throughput      delivered per second (end to end)
 * @param ratioTwoHops    throughput over the raw two-hop ceiling of the same payload size (NaN without baseline)
 * @param ratioOneHop     throughput over the raw one-hop ceiling (NaN without baseline)
 * @param latency         end-to-end latency percentiles
 * @param inFlightMean    the orchester's in-flight dispatches, mean of samples every 100 ms
 * @param inFlightMax     and their maximum
 * @param queuedMax       most requests queued in the orchester at a sample
 * @param errors          failed attempts reported by workers, plus exceptions in satellites
 * @param timeouts        attempts failed at their deadline
 * @param retries         attempts queued again
 * @param dead            messages given up
 * @param unacked         sends given up without acknowledgement
 * @param cpuCores        CPU time of the whole process over wall time (2.0 = two cores busy)
 * @param bytesPerMessage bytes allocated by the process per delivered message (-1 when unknown)
 * @param heapMaxBytes    most heap in use at a sample
 * @param gcCount         collections in the measured period
 * @param gcMs            time in them
 * @param satellites      per satellite
 */
record VariantResult(String label, Map<String, String> params, boolean tracking, double targetRate, int payloadSize,
                     long delivered, double seconds, double throughput, double ratioTwoHops, double ratioOneHop,
                     Latency latency, double inFlightMean, long inFlightMax, long queuedMax, long errors, long timeouts,
                     long retries, long dead, long unacked, double cpuCores, long bytesPerMessage, long heapMaxBytes,
                     long gcCount, long gcMs, List<SatelliteResult> satellites) {

    /** Percentiles in microseconds, from an HdrHistogram with three significant digits. */
    record Latency(long count, long p50Us, long p90Us, long p99Us, long p999Us, long maxUs) {
    }

    /**
     * One satellite over the measured period, summed over its instances.
     *
     * @param perSecond handled per second, or for a source sent per second
     */
    record SatelliteResult(String name, int instances, long handled, long sent, long errors, long unacked,
                           double perSecond) {
    }
}
