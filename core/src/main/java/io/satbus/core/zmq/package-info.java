/**
 * What the rooms that own ZeroMQ sockets share about waiting on them and watching them: {@link
 * io.satbus.core.zmq.SocketPoller}, the wait of every satbus loop (orchester, tracker, satellite
 * runtime), and {@link io.satbus.core.zmq.SocketMonitor}, a socket's connection events, stopped
 * before their reader goes. They start no threads; each is owned by the thread that owns the
 * sockets it serves.
 */
package io.satbus.core.zmq;
