package io.satbus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The completion script and the manual as an operator installs them (docs/operations.md): the
 * script from the jar, sourced by bash, completes every command and every option of each; the
 * man pages from the jar, turned into roff by asciidoctor, one per command, read by man without
 * a warning. Needs bash, asciidoctor and man (.ci/run and run-tests install asciidoctor).
 */
class CompletionAndManualIT {
    @TempDir
    Path dir;

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void bashCompletesEveryCommandAndEveryOptionOfEach() throws Exception {
        final Path script = dir.resolve("satbus-completion.bash");
        try (SatbusProcess p = SatbusProcess.start(dir, "generate-completion")) {
            assertEquals(0, p.waitFor(Duration.ofMinutes(1)), () -> read(p));
            Files.writeString(script, p.out());
        }
        final Matcher f = Pattern.compile("complete -F (\\S+) .*\\bsatbus\\b").matcher(Files.readString(script));
        assertTrue(f.find(), "the script registers a completion function for satbus");
        final List<CommandLine> commands = CommandTree.all(Satbus.commandLine());
        final StringBuilder bash = new StringBuilder("source ").append(script).append('\n')
            .append("ask() { COMP_WORDS=(\"$@\"); COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 )); COMP_LINE=\"$*\";")
            .append(" COMP_POINT=${#COMP_LINE}; COMPREPLY=(); ").append(f.group(1)).append("; echo \"${COMPREPLY[*]}\"; }\n");
        for (CommandLine cl : commands) {
            bash.append("ask satbus ").append(String.join(" ", CommandTree.path(cl))).append(" -\n");
        }
        bash.append("ask satbus ''\n");
        final List<String> lines = run(List.of("bash", "-c", bash.toString()));
        assertEquals(commands.size() + 1, lines.size(), () -> "one answer per question: " + lines);
        final List<String> missing = new ArrayList<>();
        for (int i = 0; i < commands.size(); i++) {
            final List<String> offered = List.of(lines.get(i).split(" "));
            for (OptionSpec o : commands.get(i).getCommandSpec().options()) {
                if (!o.hidden() && !offered.contains(o.longestName())) {
                    missing.add("satbus " + String.join(" ", CommandTree.path(commands.get(i))) + " " + o.longestName());
                }
            }
        }
        final List<String> top = List.of(lines.get(commands.size()).split(" "));
        for (String name : commands.get(0).getSubcommands().keySet()) {
            if (!top.contains(name)) {
                missing.add("satbus " + name);
            }
        }
        assertTrue(missing.isEmpty(), "not completed: " + missing);
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void everyCommandHasAManPageThatManReadsWithoutWarnings() throws Exception {
        final Path adoc = dir.resolve("adoc");
        final Path man1 = dir.resolve("man1");
        try (SatbusProcess p = SatbusProcess.start(dir, "generate-manpage", "--outdir", adoc.toString())) {
            assertEquals(0, p.waitFor(Duration.ofMinutes(1)), () -> read(p));
        }
        final List<String> convert = new ArrayList<>(List.of("asciidoctor", "-b", "manpage", "-D", man1.toString()));
        try (var pages = Files.list(adoc)) {
            pages.map(Path::toString).sorted().forEach(convert::add);
        }
        run(convert);
        final List<String> problems = new ArrayList<>();
        for (CommandLine cl : CommandTree.all(Satbus.commandLine())) {
            final String page = String.join("-", prepend("satbus", CommandTree.path(cl)));
            final Path roff = man1.resolve(page + ".1");
            if (!Files.isRegularFile(roff)) {
                problems.add(page + ": no man page");
                continue;
            }
            final Process man = new ProcessBuilder("man", "--warnings", "-l", roff.toString()).redirectErrorStream(false)
                .redirectOutput(dir.resolve(page + ".txt").toFile()).redirectError(dir.resolve(page + ".err").toFile())
                .start();
            man.getOutputStream().close();
            assertTrue(man.waitFor(1, TimeUnit.MINUTES), "man " + page + " ended");
            final String warnings = Files.readString(dir.resolve(page + ".err"));
            final String text = Files.readString(dir.resolve(page + ".txt"));
            if (man.exitValue() != 0 || !warnings.isBlank()) {
                problems.add(page + ": exit " + man.exitValue() + ": " + warnings);
            }
            for (OptionSpec o : cl.getCommandSpec().options()) {
                if (!o.hidden() && !text.contains(o.longestName())) {
                    problems.add(page + ": no " + o.longestName());
                }
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    private static List<String> prepend(final String first, final List<String> rest) {
        final List<String> all = new ArrayList<>(List.of(first));
        all.addAll(rest);
        return all;
    }

    /** Runs {@code command}, which must exit 0 within a minute; its stdout lines. */
    private List<String> run(final List<String> command) throws IOException, InterruptedException {
        final Path out = Files.createTempFile(dir, "out", ".txt");
        final Path err = Files.createTempFile(dir, "err", ".txt");
        final Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        p.getOutputStream().close();
        assertTrue(p.waitFor(1, TimeUnit.MINUTES), () -> command.get(0) + " did not end within a minute");
        assertEquals(0, p.exitValue(), () -> command.get(0) + ": " + read(err));
        return Files.readAllLines(out, StandardCharsets.UTF_8);
    }

    private static String read(final SatbusProcess p) {
        try {
            return p.err();
        } catch (IOException ex) {
            return ex.toString();
        }
    }

    private static String read(final Path file) {
        try {
            return Files.readString(file);
        } catch (IOException ex) {
            return ex.toString();
        }
    }
}
