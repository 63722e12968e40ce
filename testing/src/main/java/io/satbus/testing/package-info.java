/**
 * What the tests of every room share, so that there is one of each: {@link io.satbus.testing.Eventually}
 * (wait for a condition until a deadline, never a fixed sleep), {@link io.satbus.testing.Sampling}
 * (readings at a steady cadence over a window of fixed length, where the window is the point),
 * {@link io.satbus.testing.Ports} (free ports on 127.0.0.1), {@link io.satbus.testing.RawMdp} (an
 * MDP/0.1 client and worker on raw JeroMQ sockets) and {@link io.satbus.testing.RawSatbusWorker} (a satbus worker written from
 * docs/protocol.md, without the satellite SDK), {@link io.satbus.testing.TcpRelay} (a loopback TCP relay
 * the test can read and cut), {@link io.satbus.testing.CarbonCache} (a real carbon-cache in a temporary
 * folder) and {@link io.satbus.testing.ExternalProcesses} (finding, awaiting and stopping the other
 * projects' programs tests start). A test-scoped dependency: nothing here ships.
 */
package io.satbus.testing;
