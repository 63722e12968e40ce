/**
 * JMH benchmarks of the tracker's package-private hot paths ({@code TrackerEngine},
 * {@code DispatchFsm}, {@code DeadlineWheel}) on an injected clock. They sit in the tracker's
 * package so they need no widening of its API; they ship only in bench/target/benchmarks.jar.
 * Each JMH thread owns its own engine.
 */
package io.satbus.tracker;
