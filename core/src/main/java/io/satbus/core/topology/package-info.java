/**
 * The topology model (immutable records), the YAML loader and its validation. A topology is
 * checked whole before anything starts: every problem is reported with file, line and column,
 * what was found and what was expected. Records here are immutable and thread-safe.
 */
package io.satbus.core.topology;
