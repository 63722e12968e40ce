package io.satbus.cli;

import io.satbus.core.topology.TopologyException;
import io.satbus.orchester.OrchesterBindException;
import io.satbus.tracker.TrackerBindException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns the errors a user can cause into a clear message and exit code instead of a stack
 * trace; errors of the program keep their stack trace.
 */
final class UserErrorHandler implements IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(final Exception ex, final CommandLine cl, final ParseResult parsed) {
        if (ex instanceof TopologyException te) {
            te.problems().forEach(p -> cl.getErr().println(p));
            cl.getErr().println(te.problems().size() + " problem(s); nothing was started.");
            return Satbus.EXIT_BAD_INPUT;
        }
        if (ex instanceof OrchesterBindException || ex instanceof TrackerBindException
            || ex instanceof IllegalArgumentException) {
            cl.getErr().println("satbus: " + ex.getMessage());
            return Satbus.EXIT_BAD_INPUT;
        }
        cl.getErr().println("satbus: " + ex);
        ex.printStackTrace(cl.getErr());
        return 1;
    }
}
