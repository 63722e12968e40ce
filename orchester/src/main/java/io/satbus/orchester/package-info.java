/**
 * The orchester: satbus's broker. One thread, started by {@link io.satbus.orchester.Orchester},
 * owns three sockets (a fourth with a tracker) and runs the agent loop
 * ({@code OrchesterLoop.doWork(nowMs)}):
 * <ul>
 *   <li>a ROUTER on service_port: a Majordomo 0.1 broker ({@code MDPC01} clients,
 *       {@code MDPW01} workers) with satbus's extensions, least-loaded dispatch, heartbeats,
 *       retries and dead letters, plus the {@code mmi.service} and {@code satbus.admin} services;
 *       what it holds is bounded in bytes (refusals), queued requests expire, and the requests of
 *       a lost worker are tried again one at a time (poison isolation: docs/protocol.md 2.8);</li>
 *   <li>an XSUB on pub_port and an XPUB on sub_port: a topic proxy, on which the orchester also
 *       publishes dead letters;</li>
 *   <li>optionally a DEALER to a tracker (in-process over inproc, in the tracker's ZeroMQ context,
 *       or over TCP): every dispatch's events go there, and the tracker's decisions (TIMEOUT,
 *       RETRY, DEAD) replace the local {@code RetryPolicy}, which stays the fallback without a
 *       tracker. Deadlines exist only with a tracker.</li>
 *   <li>with a {@code security} section, a ROUTER on {@code inproc://zeromq.zap.01}: the ZAP
 *       handler of the three endpoints, which are CURVE servers ({@code KeyGate}); admitting a
 *       key and routing by its rights happen on the same thread (docs/protocol.md 8).</li>
 * </ul>
 * Names under {@code satbus.} and the dead-letter topic are the bus's own ({@code BusNames}).
 * All routing state (workers, queues, dispatches, counters) belongs to that thread and is
 * neither locked nor shared; other threads see it only through immutable
 * {@link io.satbus.orchester.OrchesterStatus} snapshots the loop takes on request, and the
 * loop's {@link io.satbus.core.Liveness} (the time of its last round). A
 * {@link io.satbus.orchester.LoopWatchdog}, on a thread of its own, reads only that. The wire
 * contract is docs/protocol.md.
 */
package io.satbus.orchester;
