package io.satbus.cli;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import picocli.CommandLine;

/**
 * Every command of {@code satbus}, from picocli's own model, so that a test over all of them
 * covers a command added tomorrow without being told.
 */
final class CommandTree {
    private CommandTree() {
    }

    /** The root and every subcommand, depth first, each once (aliases are not repeated). */
    static List<CommandLine> all(final CommandLine root) {
        final List<CommandLine> out = new ArrayList<>();
        final Set<CommandLine> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        collect(root, out, seen);
        return out;
    }

    private static void collect(final CommandLine cl, final List<CommandLine> out, final Set<CommandLine> seen) {
        if (!seen.add(cl)) {
            return;
        }
        out.add(cl);
        for (CommandLine sub : cl.getSubcommands().values()) {
            collect(sub, out, seen);
        }
    }

    /** The words after {@code satbus} that reach {@code cl}: {@code []} for the root, {@code [run]}, .... */
    static List<String> path(final CommandLine cl) {
        final List<String> words = new ArrayList<>();
        for (CommandLine c = cl; c.getParent() != null; c = c.getParent()) {
            words.add(0, c.getCommandName());
        }
        return words;
    }
}
