/**
 * The supervisor, a role of its own beside the orchester and the tracker (its own module; the
 * {@code cli} module's {@code satbus run} drives it, and parses no command line here). It keeps
 * the orchester and every satellite instance running as
 * child JVMs ({@code satbus orchester|satellite ... --supervised}), or, for a satellite in another
 * language, its own program ({@link io.satbus.supervisor.CommandSatellite}), each with its
 * output in a log file of the run folder, restarted with backoff when it exits unexpectedly ({@link
 * io.satbus.supervisor.RestartPolicy}), stopped in order (sources, workers, orchester).
 *
 * <p>Children talk to their supervisor over their standard streams: the supervisor writes
 * {@code stop} on a child's stdin to ask it to drain and exit, and a child that reads end of file
 * there knows its supervisor is gone (even after SIGKILL) and exits; a child prints its counters
 * as {@code @satbus {json}} lines on stdout ({@link io.satbus.supervisor.ChildReport}); every
 * other line goes to its log. The supervisor answers {@code status} and {@code scale} on the
 * service {@code satbus.supervisor.<host>} of the orchester ({@link
 * io.satbus.supervisor.ControlService}). A satellite with an {@code autoscale} rule is
 * resized by its load ({@link io.satbus.supervisor.Autoscaler}), the way a scale request is
 * applied.
 *
 * <p>Children are started by a {@link io.satbus.supervisor.Launcher} ({@link
 * io.satbus.supervisor.ChildLauncher} starts processes), and each is a {@link
 * io.satbus.supervisor.Child}, so that the supervisor runs on simulated time in its unit tests.
 *
 * <p>Threads: the thread that drives {@link io.satbus.supervisor.Supervisor#doWork(long)}
 * owns every instance's state and the autoscalers; each child process has two pump threads that
 * only write its log and publish its latest report (volatile); the control service's runtime
 * thread reads the published {@link io.satbus.supervisor.SupervisorStatus} and queues scale
 * requests; {@link io.satbus.supervisor.Supervisor#stopRequested()} may come from a signal's thread.
 */
package io.satbus.supervisor;
