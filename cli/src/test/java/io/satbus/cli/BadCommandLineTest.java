package io.satbus.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Every command (from picocli's model, so a new one is walked too) given, one at a time, an
 * unknown option, a missing argument, and a bad value for each of its arguments and options:
 * each is a user error, exit 2, said without a stack trace, in one line (a topology file's
 * problems keep their own report: one line per problem and a count).
 *
 * <p>Each bad value is chosen by the argument's label; an argument with a label this test does
 * not know fails it, so that whoever adds one decides what a bad value for it is.
 */
class BadCommandLineTest {
    private static final String TOPOLOGY = TestTopologies.repoRoot().resolve("topologies/hello.yaml").toString();

    /** A valid value per label, for the arguments that are not the one under test. */
    private static final Map<String, String> GOOD = Map.of(
        "TOPOLOGY", TOPOLOGY, "NAME", "upper", "SATELLITE", "upper", "N", "1", "COMMAND", "run", "FILE", keyFile());

    /** Bad values per label, or per "command label"; each must be refused before anything starts. */
    private static final Map<String, List<String>> BAD = Map.ofEntries(
        Map.entry("TOPOLOGY", List.of("/proc/nope.yaml")),
        Map.entry("NAME", List.of("nosuch")),
        Map.entry("SATELLITE", List.of("nosuch")),
        Map.entry("COMMAND", List.of("nosuch")),
        Map.entry("N", List.of("many", "-1")),
        Map.entry("scale N", List.of("many", "-1", "100000")),
        Map.entry("K", List.of("many", "-1", "7")),
        Map.entry("BYTES", List.of("many", "-1")),
        Map.entry("CORES", List.of("many", "-1", "99")),
        Map.entry("DURATION", List.of("ten", "-5s")),
        Map.entry("DIR", List.of("/proc/nope/x")),
        Map.entry("FILE", List.of("/proc/nope/x.json")),
        Map.entry("tcp://HOST:PORT", List.of("http://x", "tcp://nohost.invalid:5670", "tcp://127.0.0.1:70000")),
        Map.entry("HOST:PORT|off", List.of("nohost", "127.0.0.1:70000")),
        Map.entry("OPTIONS", List.of("Xmx1g")),
        Map.entry("RATE", List.of("fast", "-3")),
        Map.entry("URL", List.of("127.0.0.1:8080", "ftp://graphite", "http://")),
        Map.entry("KEY=V1,V2,...", List.of("nokey=1", "satellites.nosuch.instances=2")));

    private record Outcome(List<String> args, int exit, String out, String err) {
        String show() {
            return "satbus " + String.join(" ", args) + " -> exit " + exit + "\nstderr: " + err + "\nstdout: " + out;
        }
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void everyBadCommandLineIsOneLineWithoutStackTraceAndExitTwo() {
        final List<String> problems = new ArrayList<>();
        for (CommandLine cl : CommandTree.all(Satbus.commandLine())) {
            for (List<String> args : badCommandLines(cl, problems)) {
                final Outcome o = run(args);
                final boolean topologyReport = o.err.contains("nothing was started.");
                final long lines = o.err.lines().filter(l -> !l.isBlank()).count();
                if (o.exit != Satbus.EXIT_BAD_INPUT || o.err.contains("\tat ") || o.err.contains("Exception")
                    || o.err.isBlank() || !topologyReport && lines != 1) {
                    problems.add(o.show());
                }
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n\n", problems));
    }

    @Test
    @Timeout(value = 1, unit = TimeUnit.MINUTES)
    void backupOfATopologyWithoutAPairIsOneLineAndExitTwo() {
        final Outcome o = run(List.of("orchester", TOPOLOGY, "--backup"));
        assertTrue(o.exit == Satbus.EXIT_BAD_INPUT && o.err.lines().filter(l -> !l.isBlank()).count() == 1
            && o.err.contains("--backup : topology hello has no orchester.backup (expected: an orchester.backup section")
            && !o.err.contains("Exception"), o::show);
    }

    @Test
    @Timeout(value = 1, unit = TimeUnit.MINUTES)
    void aRemoteTrackerForAnOrchesterPairIsOneLineAndExitTwo(@org.junit.jupiter.api.io.TempDir final java.nio.file.Path dir)
        throws java.io.IOException {
        final java.nio.file.Path pair = dir.resolve("pair.yaml");
        java.nio.file.Files.writeString(pair, "name: pair\norchester: { backup: { host: 127.0.0.1, service_port: 6670,"
            + " pub_port: 6671, sub_port: 6672 } }\nsatellites: { out: { type: sink } }\n");
        for (String command : List.of("orchester", "run")) {
            final Outcome o = run(List.of(command, pair.toString(), "--tracker", "tcp://127.0.0.1:5999"));
            assertTrue(o.exit == Satbus.EXIT_BAD_INPUT && o.err.lines().filter(l -> !l.isBlank()).count() == 1
                && o.err.contains("--tracker tcp://127.0.0.1:5999 : topology pair has an orchester pair (expected: no"
                + " --tracker") && !o.err.contains("Exception"), o::show);
        }
    }

    /** A real public key file, for {@code satbus keys show FILE}. */
    private static String keyFile() {
        try {
            final java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("satbus-keys");
            dir.toFile().deleteOnExit();
            io.satbus.core.security.KeyFiles.create(dir, "example");
            dir.resolve("example.key").toFile().deleteOnExit();
            dir.resolve("example.key_secret").toFile().deleteOnExit();
            return dir.resolve("example.key").toString();
        } catch (java.io.IOException ex) {
            throw new java.io.UncheckedIOException(ex);
        }
    }

    private static List<List<String>> badCommandLines(final CommandLine cl, final List<String> problems) {
        final List<String> path = CommandTree.path(cl);
        final List<PositionalParamSpec> positionals = cl.getCommandSpec().positionalParameters();
        final List<String> good = new ArrayList<>();
        for (PositionalParamSpec p : positionals) {
            if (p.required() || !path.contains("help")) {
                final String v = GOOD.get(p.paramLabel());
                if (v == null) {
                    problems.add("satbus " + String.join(" ", path) + " " + p.paramLabel() + ": no good value known");
                    return List.of();
                }
                good.add(v);
            }
        }
        final List<List<String>> cases = new ArrayList<>();
        cases.add(join(path, good, List.of("--no-such-option")));
        if (positionals.stream().anyMatch(ArgSpec::required)) {
            cases.add(join(path, List.of(), List.of()));
        }
        for (int i = 0; i < good.size(); i++) {
            for (String bad : badValues(positionals.get(i), path, problems)) {
                final List<String> args = new ArrayList<>(good);
                args.set(i, bad);
                cases.add(join(path, args, List.of()));
            }
        }
        for (OptionSpec o : cl.getCommandSpec().options()) {
            if (o.arity().max() == 0 || o.usageHelp() || o.versionHelp()) {
                continue;
            }
            for (String bad : badValues(o, path, problems)) {
                cases.add(join(path, good, List.of(o.longestName() + "=" + bad)));
            }
        }
        return cases;
    }

    private static List<String> badValues(final ArgSpec arg, final List<String> path, final List<String> problems) {
        final List<String> bad = BAD.getOrDefault(String.join(" ", path) + " " + arg.paramLabel(), BAD.get(arg.paramLabel()));
        if (bad == null) {
            problems.add("satbus " + String.join(" ", path) + " " + arg.paramLabel()
                + ": no bad value known (add one to BadCommandLineTest.BAD)");
            return List.of();
        }
        return bad;
    }

    private static List<String> join(final List<String> path, final List<String> positionals, final List<String> options) {
        final List<String> args = new ArrayList<>(path);
        args.addAll(options);
        args.addAll(positionals);
        return args;
    }

    private static Outcome run(final List<String> args) {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final CommandLine cl = Satbus.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        final int exit = cl.execute(args.toArray(String[]::new));
        return new Outcome(args, exit, out.toString(), err.toString());
    }
}
