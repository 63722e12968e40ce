package io.satbus.cli;

import io.satbus.cli.bench.BenchCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code satbus} command. */
@Command(name = "satbus", mixinStandardHelpOptions = true, versionProvider = SatbusVersion.class,
    description = "A ZeroMQ message bus: an orchester routes request/reply and publish/subscribe traffic between satellites.",
    subcommands = {ValidateCommand.class, RunCommand.class, StatusCommand.class, ScaleCommand.class, BenchCommand.class, DashboardCommand.class,
        OrchesterCommand.class, SatelliteCommand.class, TrackerCommand.class, KeysCommand.class,
        CompletionCommand.class, ManPageCommand.class, HelpCommand.class},
    exitCodeListHeading = "Exit status:%n",
    exitCodeList = {
        "0:Done: valid, drained, stopped when asked.",
        "1:Failed for a reason of its own, said on stderr (no answer from an orchester, a bug).",
        "2:A command line or topology to fix; one line says where, what was found and what was expected.",
        "3:run: a run that did not account for every message (not drained, dead or lost messages, a child that"
            + " cannot start); orchester, satellite: out of memory.",
        "4:orchester, satellite under 'satbus run': its supervisor is gone.",
        "70:Could not go on (a loop died or was stuck, a VirtualMachineError).",
        "130:Stopped at once by a second Ctrl-C."})
public final class Satbus {
    /** Exit code for a topology or command line the user must fix. */
    public static final int EXIT_BAD_INPUT = 2;
    /** Exit code for a run that did not account for every message. */
    public static final int EXIT_NOT_DRAINED = 3;
    /** The command that writes the man pages as AsciiDoc (picocli-codegen's {@code ManPageGenerator}): {@link ManPageCommand}. */
    static final String GENERATE_MANPAGE = "generate-manpage";

    public static void main(final String[] args) {
        FatalErrors.install();
        System.exit(commandLine().execute(args));
    }

    /** The configured command line; tests call {@code execute} on it. */
    public static CommandLine commandLine() {
        final CommandLine cl = new CommandLine(new Satbus());
        // Settings reach every command in the tree at this point, so they are made last.
        cl.setHelpFactory(WordWrapHelp.FACTORY);
        cl.setParameterExceptionHandler(new UsageErrorHandler());
        cl.setExecutionExceptionHandler(new UserErrorHandler());
        return cl;
    }
}
