/**
 * The tracker: follows every dispatched message through its state machine
 * ({@link io.satbus.tracker.DispatchState}: DISPATCHED, DONE, FAILED_ATTEMPT, DEAD), enforces
 * per-service deadlines, decides retries and dead letters, and keeps the Dropwizard metrics
 * ({@link io.satbus.tracker.Tracker#registry()}). It never routes a message: it tells the orchester
 * (TIMEOUT, RETRY, DEAD) over the tracker link of {@link io.satbus.core.tracking}, whose events it
 * receives on a ROUTER bound in-process ({@code inproc://satbus-tracker-<topology>}, sharing the
 * orchester's ZeroMQ context) or over TCP ({@link io.satbus.tracker.TrackerProcess}).
 *
 * <p><b>Threads.</b> One thread, started by {@link io.satbus.tracker.Tracker}, owns the socket and
 * every piece of state: the dispatch table, the deadline wheel, workers, services, histories
 * ({@code TrackerLoop.doWork(nowNanos)}). Nothing there is locked or shared. Other threads see
 * the metrics through the registry (LongAdder counters, volatile gauges) and the last dead
 * messages through an immutable list the tracker thread republishes on each death.
 *
 * <p><b>Deadlines.</b> A hashed wheel driven by the tracker's own loop ({@code DeadlineWheel},
 * in the manner of Agrona's {@code DeadlineTimerWheel}) rather than Netty's
 * {@code HashedWheelTimer}: Netty's wheel runs its own worker thread and allocates a
 * {@code HashedWheelTimeout} (plus a {@code TimerTask}) per deadline, handing each expiry to yet
 * another thread that would then have to reach the state machine through a queue. The tracker's
 * wheel is polled with the loop's {@code now}, so tests drive it with a simulated clock; it keeps
 * deadlines in a {@code long[]} and its buckets as intrusive lists through {@code int[]} arrays
 * indexed by the dispatch record, so scheduling, cancelling and extending a deadline (PROGRESS)
 * are O(1) with no object at all, and nothing ever scans every message. A message costs about 84
 * bytes of heap in all (docs/metrics.md, "Tracker memory").
 */
package io.satbus.tracker;
