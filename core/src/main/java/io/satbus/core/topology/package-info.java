/**
 * The topology model (immutable records), the YAML loader and its validation. A topology is
 * checked whole before anything starts: every problem is reported with file, line and column,
 * what was found and what was expected (docs/topology.md lists them all).
 *
 * <p>Loading is one parse of the text into a {@code YamlNode} tree that keeps positions
 * ({@code YamlTreeReader}), one walk of that tree against the schema ({@code TopologyReader},
 * {@code SatelliteReader}, {@code Fields}), then the checks across satellites
 * ({@code WiringValidator}). The loader's helpers live and die on the calling thread; records
 * here are immutable and thread-safe, and {@link io.satbus.core.topology.TopologyLoader} is
 * stateless.
 */
package io.satbus.core.topology;
