package io.satbus.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code satbus help [COMMAND]}: the help of satbus or of one command. Here rather than
 * picocli's {@code HelpCommand}, a help command that takes any unknown option without a word.
 */
@Command(name = "help", mixinStandardHelpOptions = true, description = "Show the help of satbus, or of COMMAND.")
final class HelpCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "COMMAND", description = "The command to show the help of.")
    private String command;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        final CommandLine parent = spec.parent().commandLine();
        final CommandLine target = command == null ? parent : parent.getSubcommands().get(command);
        if (target == null) {
            throw new ParameterException(spec.commandLine(), "Unknown command '" + command + "' (expected one of: "
                + String.join(", ", parent.getSubcommands().keySet()) + ")");
        }
        target.usage(spec.commandLine().getOut());
        return 0;
    }
}
