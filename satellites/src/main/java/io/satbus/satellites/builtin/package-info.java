/**
 * The built-in satellites a topology names by {@code type}: {@link io.satbus.satellites.builtin.Generator}
 * (emits numbered messages), {@link io.satbus.satellites.builtin.Transformer} (changes payload text,
 * keeps the message id) and {@link io.satbus.satellites.builtin.Sink} (writes messages to a file and
 * counts repeats). Their configuration keys are in docs/satellites.md.
 *
 * <p>Threads: each instance is driven by its runtime thread alone; the counters they expose
 * ({@code generated()}, {@code received()}, ...) may be read from any thread.
 */
package io.satbus.satellites.builtin;
