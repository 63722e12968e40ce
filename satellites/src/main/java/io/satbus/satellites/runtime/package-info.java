/**
 * The satellite runtime: speaks the satbus protocol (docs/protocol.md) for one satellite
 * instance, and loads satellites named in a topology ({@link io.satbus.satellites.runtime.SatelliteFactory}).
 *
 * <p>Threads: each {@link io.satbus.satellites.runtime.SatelliteRuntime} has one thread that owns
 * all of its ZeroMQ sockets (one DEALER for the service endpoint, used as MDP worker and
 * client; a PUB and a SUB for topics), its send window and request queue, and that calls the
 * satellite. Its loop is agent-style ({@code SatelliteAgent.doWork(nowMs)}). Other threads only
 * read {@link io.satbus.satellites.runtime.SatelliteStats} and ask the runtime to stop, close or
 * die through volatile flags.
 */
package io.satbus.satellites.runtime;
