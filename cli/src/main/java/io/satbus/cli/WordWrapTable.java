package io.satbus.cli;

import picocli.CommandLine.Help.Ansi.Text;
import picocli.CommandLine.Help.ColorScheme;
import picocli.CommandLine.Help.Column;
import picocli.CommandLine.Help.TextTable;

/**
 * A picocli help table that wraps text at spaces only.
 *
 * <p>picocli wraps with {@link java.text.BreakIterator#getLineInstance()}, which also breaks after
 * {@code :}, {@code .} or {@code /} inside a word: {@code -XX:} / {@code TieredStopAtLevel=1},
 * {@code 127.0.0.1:} / {@code 5674}. A help text is full of such tokens that a reader copies, so
 * here a line ends only at a space; a single word wider than its column is still cut, as picocli
 * would. Each line is handed to picocli already fitting its column, so picocli's own copying,
 * styles and indentation apply unchanged.
 *
 * <p>Not thread-safe, like every {@link TextTable}.
 */
final class WordWrapTable extends TextTable {
    private final ColorScheme colorScheme;
    private final Column[] columns;

    private WordWrapTable(final ColorScheme colorScheme, final Column[] columns) {
        super(colorScheme, columns);
        this.colorScheme = colorScheme;
        this.columns = columns;
    }

    /** A table with the given columns. */
    static WordWrapTable of(final ColorScheme colorScheme, final Column... columns) {
        return new WordWrapTable(colorScheme, columns);
    }

    /** An empty table with the columns and settings of {@code model}. */
    static WordWrapTable like(final ColorScheme colorScheme, final TextTable model) {
        final WordWrapTable t = new WordWrapTable(colorScheme, model.columns());
        t.indentWrappedLines = model.indentWrappedLines;
        t.setAdjustLineBreaksForWideCJKCharacters(model.isAdjustLineBreaksForWideCJKCharacters());
        return t;
    }

    @Override
    public Cell putValue(final int row, final int col, final Text value) {
        final Column column = columns[col];
        final boolean wraps = column.overflow == Column.Overflow.WRAP
            || column.overflow == Column.Overflow.SPAN && col == columns.length - 1;
        if (!wraps || value == null) {
            return super.putValue(row, col, value);
        }
        final String plain = value.plainString();
        int at = 0;
        int r = row;
        int indent = 0;
        Cell last = new Cell(col, row);
        while (at < plain.length()) {
            final int room = column.width - column.indent - indent;
            if (room <= 0) {
                return super.putValue(r, col, value.substring(at));
            }
            final int end = lineEnd(plain, at, room);
            final Text line = indent == 0 ? value.substring(at, end)
                : colorScheme.text(" ".repeat(indent)).concat(value.substring(at, end));
            last = super.putValue(r, col, line);
            at = end;
            while (at < plain.length() && plain.charAt(at) == ' ') {
                at++;
            }
            if (at < plain.length()) {
                addEmptyRow();
                r = last.row + 1;
                indent = indentWrappedLines;
            }
        }
        return last;
    }

    /** Where the line that starts at {@code from} ends: at the last space that fits in {@code room}. */
    static int lineEnd(final String plain, final int from, final int room) {
        if (plain.length() - from <= room) {
            return plain.length();
        }
        for (int i = from + room; i > from; i--) {
            if (plain.charAt(i) == ' ') {
                return i;
            }
        }
        return from + room; // one word wider than the column: cut it, nothing else fits
    }
}
