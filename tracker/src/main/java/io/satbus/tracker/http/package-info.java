/**
 * The local HTTP view of a process's metrics, with no Graphite needed:
 * {@link io.satbus.tracker.http.StatsServer} answers {@code GET /health}, {@code /metrics},
 * {@code /topology} and {@code /dead} with JSON (docs/metrics.md shows the documents), {@code GET /}
 * with the live page (plain HTML, script and style kept in the jar, {@link io.satbus.tracker.http.StaticPage},
 * drawing the topology from those documents in the browser), and every bad request with a JSON
 * error. Its connections are bounded ({@link io.satbus.tracker.http.ConnectionLimit}: a cap,
 * the quietest making room, and an idle timeout), and {@code /health} is down while a loop it
 * watches does not turn ({@link io.satbus.tracker.http.HealthJson}).
 *
 * <p>Threads: one Netty event loop thread ({@code satbus-stats-http-*}) accepts, decodes and
 * answers every request; the handler is shared and holds only immutable routes, and the
 * connection limit's map belongs to that thread alone. It reads the registry, whose metrics are
 * thread-safe by Dropwizard's contract, an immutable topology and the loops'
 * {@link io.satbus.core.Liveness}, which is made to be read from any thread.
 */
package io.satbus.tracker.http;
