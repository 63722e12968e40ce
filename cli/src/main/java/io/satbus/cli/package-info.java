/**
 * The {@code satbus} command: {@code validate}, {@code run}, {@code orchester} and
 * {@code status}. Commands read a topology with core, start the orchester and the satellite
 * runtimes, and watch them; they hold no routing logic. The main thread owns a command's
 * state; the progress printer reads only thread-safe snapshots.
 */
package io.satbus.cli;
