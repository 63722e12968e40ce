package io.satbus.core.topology;

/**
 * A position in a topology file.
 *
 * @param line   1-based line, 0 when unknown
 * @param column 1-based column, 0 when unknown
 */
record Mark(int line, int column) {
    static final Mark UNKNOWN = new Mark(0, 0);
}
