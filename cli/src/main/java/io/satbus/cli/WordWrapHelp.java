package io.satbus.cli;

import java.util.IllegalFormatException;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * picocli's help, with every table that wraps text replaced by a {@link WordWrapTable}, so that
 * no line of {@code --help}, of the man pages or of any other rendering of a command breaks
 * inside a word. Installed on the whole command tree by {@link Satbus#commandLine()}.
 */
final class WordWrapHelp extends Help {
    /** Creates this help for every command it is set on. */
    static final CommandLine.IHelpFactory FACTORY = WordWrapHelp::new;

    /** picocli's {@code UsageMessageSpec.MAX_SYNOPSIS_AUTO_INDENT_THRESHOLD}, which is private. */
    private static final double MAX_SYNOPSIS_AUTO_INDENT_THRESHOLD = 0.9;

    private WordWrapHelp(final CommandSpec spec, final ColorScheme colorScheme) {
        super(spec, colorScheme);
    }

    @Override
    public Layout createDefaultLayout(final List<OptionSpec> options, final List<PositionalParamSpec> positionals,
                                      final ColorScheme scheme) {
        final Layout layout = super.createDefaultLayout(options, positionals, scheme);
        return new Layout(scheme, WordWrapTable.like(scheme, layout.textTable()), createDefaultOptionRenderer(),
            createDefaultParameterRenderer());
    }

    @Override
    protected String insertSynopsisCommandName(final int headingLength, final Ansi.Text details) {
        final UsageMessageSpec usage = commandSpec().usageMessage();
        final String name = commandSpec().qualifiedName();
        int indent = headingLength + name.length() + 1;
        if (indent > usage.synopsisAutoIndentThreshold() * usage.width()) {
            indent = usage.synopsisIndent() < 0 ? headingLength : usage.synopsisIndent();
            indent = Math.min(indent, (int) (MAX_SYNOPSIS_AUTO_INDENT_THRESHOLD * usage.width()));
        }
        final WordWrapTable table = table(usage.width());
        table.indentWrappedLines = indent;
        final Ansi.Text padding = Ansi.OFF.new Text("X".repeat(headingLength), colorScheme());
        table.addRowValues(padding.concat(colorScheme().commandText(name)).concat(details));
        return table.toString().substring(headingLength);
    }

    @Override
    public String description(final Object... params) {
        return lines(commandSpec().usageMessage().description(), params);
    }

    @Override
    public String header(final Object... params) {
        return lines(commandSpec().usageMessage().header(), params);
    }

    @Override
    public String footer(final Object... params) {
        return lines(commandSpec().usageMessage().footer(), params);
    }

    @Override
    public String commandList(final Map<String, Help> subcommands) {
        if (subcommands.isEmpty()) {
            return "";
        }
        final int width = commandSpec().usageMessage().width();
        final int nameWidth = Math.min(subcommands.keySet().stream().mapToInt(String::length).max().orElse(0), width / 2);
        final WordWrapTable table = WordWrapTable.of(colorScheme(),
            new Column(nameWidth + 2, 2, Column.Overflow.SPAN),
            new Column(width - (nameWidth + 2), 2, Column.Overflow.WRAP));
        for (Help help : subcommands.values()) {
            final UsageMessageSpec usage = help.commandSpec().usageMessage();
            final String[] summary = usage.header().length > 0 ? usage.header() : usage.description();
            final Ansi.Text[] lines = colorScheme().text(format(summary.length > 0 ? summary[0] : "")).splitLines();
            for (int i = 0; i < lines.length; i++) {
                table.addRowValues(i == 0 ? help.commandNamesText(", ") : colorScheme().text(""), lines[i]);
            }
        }
        return table.toString();
    }

    @Override
    public TextTable createTextTable(final Map<?, ?> map) {
        final int width = commandSpec().usageMessage().width();
        if (map == null || map.isEmpty()) {
            return WordWrapTable.of(colorScheme(), new Column(10, 0, Column.Overflow.SPAN),
                new Column(width - 10, 0, Column.Overflow.SPAN));
        }
        final int keyWidth = Math.min(width - 4, map.keySet().stream().mapToInt(k -> String.valueOf(k).length()).max().orElse(0));
        final WordWrapTable table = WordWrapTable.of(colorScheme(),
            new Column(keyWidth + 3, 2, Column.Overflow.SPAN),
            new Column(width - (keyWidth + 3), 2, Column.Overflow.WRAP));
        for (Map.Entry<?, ?> e : map.entrySet()) {
            table.addRowValues(format(String.valueOf(e.getKey())), format(String.valueOf(e.getValue())));
        }
        return table;
    }

    private String lines(final String[] values, final Object... params) {
        final WordWrapTable table = table(commandSpec().usageMessage().width());
        table.indentWrappedLines = 0;
        for (String line : values) {
            table.addRowValues(format(line, params));
        }
        return table.toString();
    }

    private WordWrapTable table(final int width) {
        final WordWrapTable table = WordWrapTable.of(colorScheme(), new Column(width, 0, Column.Overflow.SPAN));
        table.setAdjustLineBreaksForWideCJKCharacters(commandSpec().usageMessage().adjustLineBreaksForWideCJKCharacters());
        return table;
    }

    /** As picocli formats help text: {@code %n} and other specifiers, with its warning when one is bad. */
    private static String format(final String text, final Object... params) {
        try {
            return text == null ? "" : String.format(text, params);
        } catch (IllegalFormatException ex) {
            CommandLine.tracer().warn("Could not format '%s' (Underlying error: %s). Using raw String.", text, ex.getMessage());
            return text;
        }
    }
}
