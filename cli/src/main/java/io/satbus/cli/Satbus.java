package io.satbus.cli;

import io.satbus.cli.bench.BenchCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code satbus} command. */
@Command(name = "satbus", mixinStandardHelpOptions = true, versionProvider = SatbusVersion.class,
    description = "A ZeroMQ message bus: an orchester routes request/reply and publish/subscribe traffic between satellites.",
    subcommands = {ValidateCommand.class, RunCommand.class, StatusCommand.class, ScaleCommand.class, BenchCommand.class, DashboardCommand.class,
        OrchesterCommand.class, SatelliteCommand.class, TrackerCommand.class, CommandLine.HelpCommand.class})
public final class Satbus {
    /** Exit code for a topology or command line the user must fix. */
    public static final int EXIT_BAD_INPUT = 2;
    /** Exit code for a run that did not account for every message. */
    public static final int EXIT_NOT_DRAINED = 3;

    public static void main(final String[] args) {
        FatalErrors.install();
        System.exit(commandLine().execute(args));
    }

    /** The configured command line; tests call {@code execute} on it. */
    public static CommandLine commandLine() {
        final CommandLine cl = new CommandLine(new Satbus());
        cl.setExecutionExceptionHandler(new UserErrorHandler());
        return cl;
    }
}
