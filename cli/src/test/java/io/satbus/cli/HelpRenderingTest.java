package io.satbus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every command's help, as {@code satbus COMMAND --help} prints it: no picocli warning, no line
 * past the width, and no word broken across two lines ({@code -XX:} / {@code TieredStopAtLevel=1}).
 */
class HelpRenderingTest {
    /** picocli's default width, and wider terminals; below 80 a long path cannot but be cut. */
    private static final int[] WIDTHS = {80, 100, 120};
    /** Wide enough that nothing wraps: the words as they were written. */
    private static final int UNWRAPPED = 1000;

    @Test
    void everyCommandsHelpRendersWithoutAPicocliWarning() {
        final ByteArrayOutputStream captured = new ByteArrayOutputStream();
        final PrintStream saved = System.err;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            for (CommandLine cl : CommandTree.all(Satbus.commandLine())) {
                cl.getUsageMessage();
            }
        } finally {
            System.setErr(saved);
        }
        assertEquals("", captured.toString(StandardCharsets.UTF_8), "picocli warnings while rendering help");
    }

    @Test
    void noHelpLineBreaksAWordOrPassesTheWidth() {
        final List<String> problems = new ArrayList<>();
        for (int width : WIDTHS) {
            final CommandLine root = Satbus.commandLine();
            final List<CommandLine> commands = CommandTree.all(root);
            for (CommandLine cl : commands) {
                final String name = String.join(" ", CommandTree.path(cl));
                final Set<String> words = words(render(cl, UNWRAPPED));
                final String help = render(cl, width);
                for (String line : help.split("\\R")) {
                    if (line.length() > width) {
                        problems.add("satbus " + name + " at width " + width + ": longer than the width: " + line);
                    }
                    for (String w : line.trim().split("\\s+")) {
                        if (!w.isEmpty() && !words.contains(w)) {
                            problems.add("satbus " + name + " at width " + width + ": '" + w + "' is part of a broken word in: "
                                + line.trim());
                        }
                    }
                }
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void theWrapperEndsLinesAtSpacesOnly() {
        final String text = "Default: the topology's tracker.metrics.http, else 127.0.0.1:5674.";
        final int end = WordWrapTable.lineEnd(text, 0, text.indexOf("127") + 4);
        assertEquals(text.indexOf(" 127"), end, "the address goes whole to the next line");
        assertEquals(text.length(), WordWrapTable.lineEnd(text, 0, text.length()));
        assertEquals(5, WordWrapTable.lineEnd("abcdefghij", 0, 5), "a word longer than the line is cut");
    }

    private static String render(final CommandLine cl, final int width) {
        final int saved = cl.getUsageHelpWidth();
        cl.getCommandSpec().usageMessage().width(width);
        try {
            return cl.getUsageMessage();
        } finally {
            cl.getCommandSpec().usageMessage().width(saved);
        }
    }

    private static Set<String> words(final String text) {
        return new HashSet<>(Arrays.asList(text.trim().split("\\s+")));
    }
}
