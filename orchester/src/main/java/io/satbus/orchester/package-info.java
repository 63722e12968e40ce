/**
 * The orchester: satbus's broker. One thread, started by {@link io.satbus.orchester.Orchester},
 * owns a ZeroMQ context and three sockets and runs the agent loop
 * ({@code OrchesterLoop.doWork(nowMs)}):
 * <ul>
 *   <li>a ROUTER on service_port: a Majordomo 0.1 broker ({@code MDPC01} clients,
 *       {@code MDPW01} workers) with satbus's extensions, least-loaded dispatch, heartbeats,
 *       retries and dead letters, plus the {@code mmi.service} and {@code satbus.admin} services;</li>
 *   <li>an XSUB on pub_port and an XPUB on sub_port: a topic proxy, on which the orchester also
 *       publishes dead letters.</li>
 * </ul>
 * All routing state (workers, queues, dispatches, counters) belongs to that thread and is
 * neither locked nor shared; other threads see it only through immutable
 * {@link io.satbus.orchester.OrchesterStatus} snapshots the loop takes on request. The wire
 * contract is docs/protocol.md.
 */
package io.satbus.orchester;
