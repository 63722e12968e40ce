package io.satbus.core.topology;

import java.util.List;
import java.util.Objects;

/**
 * What {@code satbus run} starts for a satellite written in any language: the program and its
 * arguments, and the folder it runs in (docs/writing-satellites.md, "In another language").
 * Immutable.
 *
 * @param argv      the program and its arguments, at least the program; a program path with a
 *                  {@code /} is resolved by the loader against the topology file's folder, a bare
 *                  name is looked up on {@code PATH} when it starts
 * @param directory the working directory: the topology file's folder, or null when the topology
 *                  was not read from a file (then the starting process's own)
 */
public record CommandSpec(List<String> argv, String directory) {
    public CommandSpec {
        argv = List.copyOf(Objects.requireNonNull(argv, "argv"));
        if (argv.isEmpty() || argv.get(0).isEmpty()) {
            throw new IllegalArgumentException("argv : " + argv + " (expected: a program and its arguments)");
        }
    }

    /** The command line as one string, for messages and logs (no quoting: not for a shell). */
    public String display() {
        return String.join(" ", argv);
    }
}
