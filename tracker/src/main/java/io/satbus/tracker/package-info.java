/**
 * The tracker: per-message state machine, deadlines, retry and dead-letter decisions, and
 * metrics. In this release the orchester applies a simple retry policy itself (attempts on
 * error replies and lost workers, then the dead-letter topic); the tracker's own actor,
 * deadlines and Graphite reporting come next.
 */
package io.satbus.tracker;
