/**
 * JMH benchmarks of the orchester's package-private routing path ({@code ServiceRouter},
 * {@code Dispatcher}, {@code WorkerChoice}), driven without sockets through a {@code FrameSink}.
 * They sit in the orchester's package so they need no widening of its API; they ship only in
 * bench/target/benchmarks.jar. Each JMH thread owns its own router.
 */
package io.satbus.orchester;
