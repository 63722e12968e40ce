/**
 * {@code satbus bench TOPOLOGY}: runs a topology in this process, driven by its built-in
 * generator, for a warm-up and a measured period per variant ({@code --vary}), and reports
 * throughput, end-to-end latency percentiles (generator emit to sink done, recorded in an
 * HdrHistogram by a {@link io.satbus.cli.bench.LatencyProbe} wrapped around each sink),
 * in-flight, failures, CPU, allocation and memory; every figure is also given as a ratio of raw
 * JeroMQ ceilings measured in the same run ({@link io.satbus.cli.bench.RawZmqBaseline}). Results go
 * to a folder as JSON, CSV, SVG and HTML.
 *
 * <p><b>Threads.</b> The command's thread owns every object here: it starts and stops each
 * variant's orchester, tracker and satellite runtimes, and samples their thread-safe counters.
 * A {@link io.satbus.cli.bench.LatencyProbe} records on its sink's runtime thread into an
 * HdrHistogram {@code Recorder} (wait-free for the writer); the progress bar repaints from a
 * daemon thread of its own and only reads volatile fields. The raw baselines run their own
 * sender and proxy threads, joined before they return.
 */
package io.satbus.cli.bench;
