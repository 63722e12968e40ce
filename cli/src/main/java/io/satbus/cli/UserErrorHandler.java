package io.satbus.cli;

import io.satbus.core.topology.TopologyException;
import io.satbus.orchester.OrchesterBindException;
import io.satbus.tracker.TrackerBindException;
import java.io.FileNotFoundException;
import java.nio.file.FileSystemException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns the errors a user can cause into one clear line and exit code {@link Satbus#EXIT_BAD_INPUT}
 * instead of a stack trace; errors of the program keep their stack trace.
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
            cl.getErr().println("satbus: " + UsageErrorHandler.oneLine(ex.getMessage()));
            return Satbus.EXIT_BAD_INPUT;
        }
        final String file = fileProblem(ex);
        if (file != null) {
            cl.getErr().println("satbus: " + file + " (expected: a path that exists and satbus may use)");
            return Satbus.EXIT_BAD_INPUT;
        }
        cl.getErr().println("satbus: " + ex);
        ex.printStackTrace(cl.getErr());
        return 1;
    }

    /** A file that is missing or may not be written is the environment's, not a bug: no stack trace. */
    private static String fileProblem(final Throwable ex) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof FileSystemException fs) {
                return IoProblems.reason(fs);
            }
            if (t instanceof FileNotFoundException missing) {
                return "cannot open " + missing.getMessage();
            }
        }
        return null;
    }
}
