package io.satbus.core.topology;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads a topology file (YAML, UTF-8) and validates it whole, as docs/topology.md describes:
 * one parse into a tree that keeps every line and column, one walk of that tree against the
 * schema, then the checks across satellites (services, send_to, cycles). Every problem found
 * is in the {@link TopologyException}, in file order, so that a user fixes them all at once.
 *
 * <p>Stateless and thread-safe.
 */
public final class TopologyLoader {
    private TopologyLoader() {
    }

    /**
     * Loads and validates {@code file}; every problem found is in the exception. A file that is
     * missing or cannot be read is a {@code TopologyException} too, with one problem at line 0.
     * A {@code classpath} is resolved against the file's folder and must exist.
     *
     * @throws IOException never in practice: reading failures become a {@code TopologyException};
     *                     declared for callers compiled against the first version of this method
     */
    public static Topology load(final Path file) throws IOException, TopologyException {
        return load(file, ConfigCheck.NONE);
    }

    /**
     * Loads and validates {@code file} as {@link #load(Path)}, and the {@code config} of every
     * satellite with {@code configCheck}: its problems are reported with the file's others.
     */
    public static Topology load(final Path file, final ConfigCheck configCheck) throws TopologyException {
        final Problems problems = new Problems(file.toString());
        final String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw fileProblem(problems, "no such file", "an existing topology file");
        } catch (AccessDeniedException e) {
            throw fileProblem(problems, "permission denied", "a readable topology file");
        } catch (CharacterCodingException e) {
            throw fileProblem(problems, "not UTF-8 text", "a YAML file in UTF-8");
        } catch (IOException e) {
            throw fileProblem(problems, Files.isDirectory(file) ? "a directory" : "cannot be read (" + e + ")",
                "a readable topology file");
        }
        final Path folder = file.toAbsolutePath().getParent();
        return parse(text, problems, folder, configCheck);
    }

    /** Loads and validates YAML text; {@code sourceName} names it in messages. */
    public static Topology parse(final String yaml, final String sourceName) throws TopologyException {
        return parse(yaml, sourceName, ConfigCheck.NONE);
    }

    /** Loads and validates YAML text, satellites' {@code config} with {@code configCheck}. */
    public static Topology parse(final String yaml, final String sourceName, final ConfigCheck configCheck)
        throws TopologyException {
        return parse(yaml, new Problems(sourceName), null, configCheck);
    }

    private static Topology parse(final String yaml, final Problems problems, final Path folder,
                                  final ConfigCheck configCheck) throws TopologyException {
        final YamlNode root = YamlTreeReader.read(yaml, problems);
        final Topology topology = root == null ? null : new TopologyReader(problems, folder, configCheck).read(root);
        problems.throwIfAny();
        return topology;
    }

    private static TopologyException fileProblem(final Problems problems, final String what, final String expected) {
        problems.add(Mark.UNKNOWN, "topology file", what, expected);
        return problems.exception();
    }
}
