/**
 * What the rooms that own ZeroMQ sockets share about waiting on them: {@link
 * io.satbus.core.zmq.SocketPoller}, the wait of every satbus loop (orchester, tracker, satellite
 * runtime). It opens no sockets and starts no threads; a poller is owned by the thread that owns
 * the sockets it waits on.
 */
package io.satbus.core.zmq;
