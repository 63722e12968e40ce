/**
 * satbus core: what every room shares. The message envelope and its MessagePack codec
 * ({@link io.satbus.core.envelope}), the wire constants of the service protocol
 * ({@link io.satbus.core.protocol}), the topology model with its loader and validation
 * ({@link io.satbus.core.topology}), endpoint naming and message ids, maps keyed by a primitive
 * {@code long} for the hot paths ({@link io.satbus.core.collections}), the one loop every role
 * runs ({@link io.satbus.core.Agent}, {@link io.satbus.core.AgentRunner}) and the wait it uses on
 * its ZeroMQ sockets ({@link io.satbus.core.zmq}).
 *
 * <p>This module opens no sockets and starts no threads (the runner runs on its caller's): every class here is either
 * immutable or owned by the single thread that created it, except
 * {@link io.satbus.core.Liveness}, written by one loop thread and read by any (its Javadoc says
 * how).
 */
package io.satbus.core;
