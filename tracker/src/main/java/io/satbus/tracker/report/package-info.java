/**
 * Metrics out of the process: {@link io.satbus.tracker.report.MetricsReporting} takes any
 * Dropwizard {@code MetricRegistry} filled with satbus names ({@link io.satbus.tracker.MetricNames})
 * and reports it to Graphite (carbon's plaintext protocol, Dropwizard's {@code GraphiteReporter}
 * over a {@code CarbonSender} that bounds and survives each report), adds the JVM basics, and
 * starts the local HTTP view ({@code io.satbus.tracker.http}).
 * {@link io.satbus.tracker.report.DashboardGenerator} writes a graphite-web dashboard for a topology.
 *
 * <p>Threads: the caller only starts and closes. The reporter's own scheduler thread
 * ({@code satbus-graphite-<topology>}) reads the registry and owns the carbon connection; a
 * deadline thread ({@code satbus-graphite-deadline}) only ever closes a socket that overran its
 * report. Status counters are published through atomics and volatiles for any thread to read.
 */
package io.satbus.tracker.report;
