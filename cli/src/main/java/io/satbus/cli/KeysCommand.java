package io.satbus.cli;

import io.satbus.core.security.CurveKey;
import io.satbus.core.security.KeyFileException;
import io.satbus.core.security.KeyFiles;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code satbus keys new NAME [--dir DIR]} and {@code satbus keys show FILE}: CURVE key pairs in
 * the certificate format CZMQ and JeroMQ read (docs/security.md). Neither prints a secret key.
 */
@Command(name = "keys", mixinStandardHelpOptions = true, description = "Make and show CURVE keys for a secured bus "
    + "(docs/security.md).", subcommands = {KeysCommand.New.class, KeysCommand.Show.class})
final class KeysCommand implements Callable<Integer> {
    @Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(), "keys : no verb (expected: new NAME or show FILE)");
    }

    /** {@code satbus keys new NAME}. */
    @Command(name = "new", mixinStandardHelpOptions = true, description = "Write a new key pair: DIR/NAME.key (public, "
        + "to give to the orchester's keys folder) and DIR/NAME.key_secret (secret, readable by its owner only). "
        + "Prints the public key; never the secret one.")
    static final class New implements Callable<Integer> {
        private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]+");

        @Parameters(index = "0", paramLabel = "NAME", description = "The key's name: a satellite's name, supervisor, "
            + "orchester, or any other (an operator's).")
        private String name;

        @Option(names = "--dir", paramLabel = "DIR", description = "Folder to write the pair in (default: the current one).")
        private Path dir = Path.of(".");

        @Spec
        private CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            if (!NAME.matcher(name).matches()) {
                throw new CommandLine.ParameterException(spec.commandLine(), "NAME : \"" + name + "\" (expected: letters, "
                    + "digits, '.', '_' or '-')");
            }
            try {
                final CurveKey k = KeyFiles.create(dir, name);
                spec.commandLine().getOut().printf("%s %s (secret in %s, mode 600)%n", k.name(), k.publicKey(),
                    dir.resolve(name + KeyFiles.SECRET_SUFFIX));
                return 0;
            } catch (KeyFileException ex) {
                spec.commandLine().getErr().println("satbus: " + ex.getMessage());
                return Satbus.EXIT_BAD_INPUT;
            }
        }
    }

    /** {@code satbus keys show FILE}. */
    @Command(name = "show", mixinStandardHelpOptions = true, description = "Print the name and public key of a key file, "
        + "public or secret; never the secret key.")
    static final class Show implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "FILE", description = "A NAME.key or NAME.key_secret file.")
        private Path file;

        @Spec
        private CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            try {
                final CurveKey k = KeyFiles.read(file);
                spec.commandLine().getOut().printf("%s %s%n", k.name(), k.publicKey());
                return 0;
            } catch (KeyFileException ex) {
                spec.commandLine().getErr().println("satbus: " + ex.getMessage());
                return Satbus.EXIT_BAD_INPUT;
            }
        }
    }
}
