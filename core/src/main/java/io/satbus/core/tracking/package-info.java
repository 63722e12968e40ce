/**
 * The tracker link: the frames the orchester and the tracker exchange, in-process over
 * {@code inproc://} or between processes over TCP. Lifecycle events flow orchester -&gt; tracker
 * ({@link io.satbus.core.tracking.TrackerEventCodec}), decisions flow tracker -&gt; orchester
 * ({@link io.satbus.core.tracking.TrackerDecisionCodec}); both are MessagePack arrays packed
 * back to back in one ZeroMQ frame. Here rather than in either room so that neither the
 * orchester nor the tracker depends on the other. docs/protocol.md section 6 is the contract.
 *
 * <p>No sockets, no threads. An encoder instance belongs to the one thread that writes with it;
 * the static decoders are stateless and thread-safe.
 */
package io.satbus.core.tracking;
