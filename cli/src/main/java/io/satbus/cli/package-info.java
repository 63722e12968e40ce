/**
 * The {@code satbus} command: every command of its help ({@code validate}, {@code run},
 * {@code status}, {@code scale}, {@code bench}, ...). Commands read a topology with core, start
 * the orchester and the satellite runtimes (as processes through the {@code supervisor} module's
 * {@code Supervisor}), and watch them; they hold no routing and no supervision logic. The main thread owns a command's
 * state; the progress printer reads only thread-safe snapshots.
 */
package io.satbus.cli;
