package io.satbus.core.topology;

/**
 * One problem found in a topology file.
 *
 * @param source  the file (or "&lt;string&gt;")
 * @param line    1-based line, 0 when unknown
 * @param column  1-based column, 0 when unknown
 * @param message what was found and what was expected
 */
public record TopologyProblem(String source, int line, int column, String message) {
    @Override
    public String toString() {
        return source + ":" + line + ":" + column + ": " + message;
    }
}
