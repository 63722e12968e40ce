package io.satbus.cli;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * A command line picocli cannot parse (unknown option, bad value, missing argument) is one line
 * on stderr that names the command, what was wrong and where its help is, and exit code
 * {@link Satbus#EXIT_BAD_INPUT}; not picocli's default of the message followed by the whole
 * usage, which pushes the message off the screen.
 */
final class UsageErrorHandler implements IParameterExceptionHandler {
    @Override
    public int handleParseException(final ParameterException ex, final String[] args) {
        final CommandLine cl = ex.getCommandLine();
        final String command = cl.getCommandSpec().qualifiedName();
        final StringBuilder line = new StringBuilder(command).append(": ").append(oneLine(ex.getMessage()));
        if (ex instanceof UnmatchedArgumentException unmatched) {
            final List<String> suggestions = unmatched.getSuggestions();
            if (!suggestions.isEmpty()) {
                line.append(" (did you mean ").append(String.join(" or ", suggestions)).append("?)");
            }
        }
        line.append("; see '").append(command).append(" --help'");
        cl.getErr().println(line);
        cl.getErr().flush();
        return Satbus.EXIT_BAD_INPUT;
    }

    static String oneLine(final String message) {
        final String line = message == null ? "" : message.strip().replaceAll("\\s*\\R\\s*", "; ");
        return line.endsWith(".") ? line.substring(0, line.length() - 1) : line;
    }
}
