package io.satbus.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.codegen.docgen.manpage.ManPageGenerator;

/**
 * {@code satbus generate-manpage --outdir DIR}: the manual, one AsciiDoc man page per command,
 * written by picocli-codegen's {@link ManPageGenerator} from the same command tree as
 * {@code --help}. Here rather than picocli's own {@code gen-manpage} command, which reports a
 * folder it cannot create and still exits 0.
 */
@Command(name = Satbus.GENERATE_MANPAGE, mixinStandardHelpOptions = true,
    description = {"Write the manual: one man page per command, in AsciiDoc, into --outdir.",
        "asciidoctor turns them into man pages; to install them for yourself: " + ManPageCommand.INSTALL})
final class ManPageCommand implements Callable<Integer> {
    /** The documented one-liner; README and docs/operations.md show it too. */
    static final String INSTALL = "satbus generate-manpage --outdir target/man && asciidoctor -b manpage"
        + " -D ~/.local/share/man/man1 target/man/*.adoc";

    @Option(names = "--outdir", paramLabel = "DIR", defaultValue = ".",
        description = "Folder to write the pages to (created if missing). Default: the current folder.")
    private Path outdir;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        IoProblems.createFolder("--outdir", outdir);
        final int code = ManPageGenerator.generateManPage(outdir.toFile(), null, new boolean[0], false, spec.root());
        if (code == 0) {
            spec.commandLine().getOut().println("satbus: man pages written to " + outdir.toAbsolutePath().normalize());
        }
        return code;
    }
}
