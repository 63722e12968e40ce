package io.satbus.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code satbus generate-completion}: the bash and zsh completion script that picocli's
 * {@link AutoComplete} writes from the command tree, so every command and option completes.
 * Here rather than picocli's own {@code GenerateCompletion}, which is a help command and so
 * takes any unknown option without a word.
 */
@Command(name = "generate-completion", mixinStandardHelpOptions = true,
    description = {"Print the bash/zsh completion script of satbus.",
        "To install it for yourself: " + CompletionCommand.INSTALL,
        "or, for the current shell only: source <(satbus generate-completion)"})
final class CompletionCommand implements Callable<Integer> {
    /** The documented one-liner; README and docs/operations.md show it too. */
    static final String INSTALL = "mkdir -p ~/.local/share/bash-completion/completions && satbus generate-completion"
        + " > ~/.local/share/bash-completion/completions/satbus";

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        final PrintWriter out = spec.commandLine().getOut();
        // '\n', never println: a script with Windows line ends fails in strange ways.
        out.print(AutoComplete.bash(spec.root().name(), spec.root().commandLine()));
        out.print('\n');
        out.flush();
        return 0;
    }
}
