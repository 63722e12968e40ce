package io.satbus.cli;

import java.io.PrintWriter;

/**
 * What {@code satbus run} prints while it runs: on a terminal the {@link StatusTable}, redrawn
 * in place; otherwise one {@link ProgressLine} per interval, for logs and pipes. Owned by the
 * command's thread.
 */
final class RunView {
    private final PrintWriter out;
    private final boolean terminal;
    private final StatusTable table = new StatusTable();
    private final ProgressLine line = new ProgressLine();
    private int drawnLines;

    RunView(final PrintWriter out, final boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    void show(final RunSnapshot s) {
        if (terminal) {
            if (drawnLines > 0) {
                out.print("\u001b[" + drawnLines + "F\u001b[J");
            }
            final String text = table.format(s);
            out.print(text);
            drawnLines = (int) text.chars().filter(c -> c == '\n').count();
        } else {
            out.println(line.format(s));
        }
        out.flush();
    }

    /** Leaves the live table where it is; later output goes below it. */
    void endLive() {
        drawnLines = 0;
    }

    /** The last state, once more, as one line (a terminal shows it as a table). */
    void showFinal(final RunSnapshot s) {
        show(s);
    }
}
