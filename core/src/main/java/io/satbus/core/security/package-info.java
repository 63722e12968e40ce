/**
 * CURVE keys and what each may do: the {@code security} section of a topology once read
 * ({@link io.satbus.core.security.SecuritySpec}), key files in the certificate format of CZMQ and
 * JeroMQ ({@link io.satbus.core.security.KeyFiles}), and a key's rights
 * ({@link io.satbus.core.security.Rights}). No sockets; immutable values, thread-safe. A secret key
 * never appears in a {@code toString()}, a message or a log line.
 */
package io.satbus.core.security;
