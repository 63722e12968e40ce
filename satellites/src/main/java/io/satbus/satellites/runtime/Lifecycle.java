package io.satbus.satellites.runtime;

/**
 * What an instance's loop is asked to do, in increasing order of haste: each ask can only move
 * it further down ({@link SatelliteAgent#ask}). One word for it, so that "request" in the runtime
 * means a service request and nothing else.
 */
enum Lifecycle {
    /** Running. */
    RUN,
    /** Drain: a source stops producing, the worker says DISCONNECT, sends get until a deadline to be acknowledged. */
    STOP,
    /** Close at once: DISCONNECT, sockets and satellite closed, outstanding sends abandoned. */
    CLOSE,
    /** End as a crashed process would, without a DISCONNECT (tests of failure handling). */
    KILL;

    /** True when this is {@code other} or hastier. */
    boolean atLeast(final Lifecycle other) {
        return compareTo(other) >= 0;
    }
}
