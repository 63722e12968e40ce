package io.satbus.core.tracking;

import java.util.Objects;

/**
 * One satellite's own figures, summed over its instances, as its supervisor counts them from the
 * instances' reports: what the tracker cannot see for itself (a source is never dispatched to,
 * so without these it has no metrics at all). They travel supervisor -> orchester's admin
 * service ({@code satellite NAME ...}) -> tracker ({@code SATELLITE} event) -> the gauges
 * {@code satbus.<topology>.<satellite>.<figure>}. Immutable.
 *
 * @param satellite     the satellite's name
 * @param sent          messages it sent to services: what it emitted, a source's included
 * @param outstanding   of those, kept and not yet acknowledged
 * @param lost          sends given up without an acknowledgement or a dead notice
 * @param handled       messages it handled (requests and topic messages)
 * @param restarts      restarts of its instances after unexpected exits
 * @param flapping      its instances held off now for exiting too often
 * @param up            its instances running now
 * @param heapUsedBytes heap its instances' processes use, summed (0 for programs in other languages)
 */
public record SatelliteFigures(String satellite, long sent, long outstanding, long lost, long handled, long restarts,
                               long flapping, long up, long heapUsedBytes) {
    /** The figures after the name, in order. */
    public static final int COUNTS = 8;
    /** Their names, in order: the metric names' last part. */
    public static final String[] NAMES = {"sent", "outstanding", "lost", "handled", "restarts", "flapping", "up",
        "heap_used"};

    public SatelliteFigures {
        Objects.requireNonNull(satellite, "satellite");
    }

    /** From {@code counts} in the order of {@link #NAMES}. */
    public static SatelliteFigures of(final String satellite, final long[] counts) {
        if (counts.length != COUNTS) {
            throw new IllegalArgumentException("satellite figures : " + counts.length + " (expected: " + COUNTS + ")");
        }
        return new SatelliteFigures(satellite, counts[0], counts[1], counts[2], counts[3], counts[4], counts[5], counts[6],
            counts[7]);
    }

    /** The figures in the order of {@link #NAMES}. */
    public long[] counts() {
        return new long[] {sent, outstanding, lost, handled, restarts, flapping, up, heapUsedBytes};
    }
}
