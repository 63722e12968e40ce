/**
 * The local HTTP view of a process's metrics, with no Graphite needed:
 * {@link io.satbus.tracker.http.StatsServer} answers {@code GET /health}, {@code /metrics} and
 * {@code /topology} with JSON (docs/metrics.md shows the documents) and every bad request with a
 * JSON error.
 *
 * <p>Threads: one Netty event loop thread ({@code satbus-stats-http-*}) accepts, decodes and
 * answers every request; the handler is shared and holds only immutable routes. It reads the
 * registry, whose metrics are thread-safe by Dropwizard's contract, and an immutable topology.
 */
package io.satbus.tracker.http;
