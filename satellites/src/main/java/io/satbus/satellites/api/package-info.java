/**
 * What a satellite author implements and calls: {@link io.satbus.satellites.api.Satellite}
 * (and {@link io.satbus.satellites.api.Source} for satellites that emit on their own), the
 * {@link io.satbus.satellites.api.Output} it sends through, and the
 * {@link io.satbus.satellites.api.SatelliteContext} with its typed
 * {@link io.satbus.satellites.api.SatelliteConfig}.
 *
 * <p>Threads: the runtime calls every method of a satellite instance on that instance's one
 * runtime thread, never concurrently, so a satellite needs no locking for its own state. The
 * {@code Output} handed to a callback may be used only on that thread, during the callback.
 * Counters a satellite exposes to other threads (status views) must be thread-safe.
 */
package io.satbus.satellites.api;
