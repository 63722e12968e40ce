/**
 * {@code satbus run} as a process supervisor: the orchester and every satellite instance run as
 * child JVMs ({@code satbus orchester|satellite ... --supervised}), or, for a satellite in another
 * language, its own program ({@link io.satbus.cli.supervisor.CommandSatellite}), each with its output in a log
 * file of the run folder, restarted with backoff when it exits unexpectedly ({@link
 * io.satbus.cli.supervisor.RestartPolicy}), stopped in order (sources, workers, orchester).
 *
 * <p>Children talk to their supervisor over their standard streams: the supervisor writes
 * {@code stop} on a child's stdin to ask it to drain and exit, and a child that reads end of file
 * there knows its supervisor is gone (even after SIGKILL) and exits; a child prints its counters
 * as {@code @satbus {json}} lines on stdout ({@link io.satbus.cli.supervisor.ChildReport}); every
 * other line goes to its log. The supervisor answers {@code status} and {@code scale} on the
 * service {@code satbus.supervisor.<host>} of the orchester ({@link
 * io.satbus.cli.supervisor.ControlService}). A satellite with an {@code autoscale} rule is
 * resized by its load ({@link io.satbus.cli.supervisor.Autoscaler}), the way a scale request is
 * applied.
 *
 * <p>Threads: the thread that drives {@link io.satbus.cli.supervisor.Supervisor#doWork(long)}
 * owns every instance's state and the autoscalers; each child has two pump threads that only write its log and
 * publish its latest report (volatile); the control service's runtime thread reads the
 * published {@link io.satbus.cli.supervisor.SupervisorStatus} and queues scale requests.
 */
package io.satbus.cli.supervisor;
