package io.satbus.core.security;

import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.zeromq.ZCert;
import org.zeromq.ZMQ;

/**
 * CURVE key files in the certificate format CZMQ and JeroMQ read and write ({@code ZCert}): a
 * pair {@code NAME.key} (public) and {@code NAME.key_secret} (secret, mode 600):
 *
 * <pre>
 * #   ZeroMQ CURVE **Secret** Certificate
 * ...
 * metadata
 * curve
 *     public-key = "rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf7"
 *     secret-key = "JTKVSB%%)wK0E.X)V>+}o?pNmC{O&4W4b!Ni{Lh6"
 * </pre>
 * Reading takes the {@code curve} section's values whatever the comments and metadata say.
 * Every problem is a {@link KeyFileException} whose message names the file, what was found and
 * what was expected, and never contains a secret key. Stateless; thread-safe.
 */
public final class KeyFiles {
    /** Suffix of a public key file. */
    public static final String PUBLIC_SUFFIX = ".key";
    /** Suffix of a secret key file. */
    public static final String SECRET_SUFFIX = ".key_secret";
    /** Length of a CURVE key in Z85 text. */
    public static final int Z85_LENGTH = 40;
    private static final Pattern Z85 = Pattern.compile("[0-9a-zA-Z.\\-:+=^!/*?&<>()\\[\\]{}@%$#]{40}");
    private static final Pattern VALUE = Pattern.compile("^\\s*(public-key|secret-key)\\s*=\\s*\"([^\"]*)\"\\s*$",
        Pattern.MULTILINE);
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private KeyFiles() {
    }

    /** The name of a key file: its file name without {@link #PUBLIC_SUFFIX} or {@link #SECRET_SUFFIX}. */
    public static String nameOf(final Path file) {
        final String f = file.getFileName().toString();
        if (f.endsWith(SECRET_SUFFIX)) {
            return f.substring(0, f.length() - SECRET_SUFFIX.length());
        }
        return f.endsWith(PUBLIC_SUFFIX) ? f.substring(0, f.length() - PUBLIC_SUFFIX.length()) : f;
    }

    /** The key in {@code file}, a public or a secret file; with its secret half when the file has one. */
    public static CurveKey read(final Path file) {
        final String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException | SecurityException ex) {
            throw new KeyFileException(file + " : " + reason(ex) + " (expected: a readable key file, written by "
                + "satbus keys new)");
        }
        String publicKey = null;
        String secretKey = null;
        final Matcher m = VALUE.matcher(text);
        while (m.find()) {
            if (m.group(1).equals("public-key")) {
                publicKey = m.group(2);
            } else {
                secretKey = m.group(2);
            }
        }
        if (publicKey == null) {
            throw new KeyFileException(file + " : no public-key = \"...\" line (expected: a key file written by "
                + "satbus keys new, or by CZMQ or JeroMQ's ZCert)");
        }
        if (!Z85.matcher(publicKey).matches()) {
            throw new KeyFileException(file + " : public-key \"" + publicKey + "\", " + publicKey.length()
                + " characters (expected: " + Z85_LENGTH + " Z85 characters)");
        }
        if (secretKey != null && !Z85.matcher(secretKey).matches()) {
            // Not echoed: even a malformed secret may be most of a real one.
            throw new KeyFileException(file + " : secret-key of " + secretKey.length() + " characters, not shown "
                + "(expected: " + Z85_LENGTH + " Z85 characters)");
        }
        return new CurveKey(nameOf(file), publicKey, secretKey);
    }

    /**
     * Every {@code NAME.key} of {@code dir}, public halves, by name in file-name order.
     *
     * @throws KeyFileException at the first folder or file that cannot be read or is not a key
     */
    public static java.util.Map<String, CurveKey> readFolder(final Path dir) {
        final java.util.List<Path> files = new java.util.ArrayList<>();
        try (java.nio.file.DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*" + PUBLIC_SUFFIX)) {
            ds.forEach(files::add);
        } catch (IOException | SecurityException ex) {
            throw new KeyFileException(dir + " : " + reason(ex) + " (expected: a readable folder of NAME"
                + PUBLIC_SUFFIX + " files)");
        }
        files.sort(null);
        final java.util.Map<String, CurveKey> keys = new java.util.LinkedHashMap<>();
        for (Path f : files) {
            keys.put(nameOf(f), read(f).publicOnly());
        }
        return keys;
    }

    /**
     * What changes when a file of {@code dir} is added, removed or rewritten: its {@code NAME.key}
     * files' names, sizes and times; "" when it cannot be listed.
     */
    public static String folderStamp(final Path dir) {
        final StringBuilder sb = new StringBuilder();
        try (java.util.stream.Stream<Path> s = Files.list(dir)) {
            s.filter(p -> p.getFileName().toString().endsWith(PUBLIC_SUFFIX)).sorted().forEach(p -> {
                try {
                    sb.append(p.getFileName()).append(' ').append(Files.size(p)).append(' ')
                        .append(Files.getLastModifiedTime(p).toMillis()).append('\n');
                } catch (IOException gone) {
                    sb.append(p.getFileName()).append(" ?\n");
                }
            });
        } catch (IOException | SecurityException ex) {
            return "";
        }
        return sb.toString();
    }

    /** The key in the secret file {@code file}; a file without its secret half is refused. */
    public static CurveKey readSecret(final Path file) {
        final CurveKey k = read(file);
        if (!k.hasSecret()) {
            throw new KeyFileException(file + " : no secret-key = \"...\" line (expected: a secret key file, "
                + "NAME" + SECRET_SUFFIX + ")");
        }
        return k;
    }

    /**
     * Makes a new key pair and writes {@code dir/NAME.key} and {@code dir/NAME.key_secret}, the
     * secret one created readable and writable by its owner only (where the file system has POSIX
     * permissions). Refuses to overwrite either file.
     *
     * @return the new key (with its secret half: do not print it)
     * @throws KeyFileException naming the file that exists or cannot be written
     */
    public static CurveKey create(final Path dir, final String name) {
        final ZMQ.Curve.KeyPair pair = ZMQ.Curve.generateKeyPair();
        final ZCert cert = new ZCert(pair.publicKey, pair.secretKey);
        cert.setMeta("name", name);
        final Path pub = dir.resolve(name + PUBLIC_SUFFIX);
        final Path secret = dir.resolve(name + SECRET_SUFFIX);
        for (Path p : new Path[] {pub, secret}) {
            if (Files.exists(p)) {
                throw new KeyFileException(p + " : exists (expected: a new key name, or remove the old pair first)");
            }
        }
        try {
            Files.createDirectories(dir);
            write(secret, out -> cert.saveSecret(out), true);
            write(pub, out -> cert.savePublic(out), false);
        } catch (FileAlreadyExistsException ex) {
            throw new KeyFileException(ex.getFile() + " : exists (expected: a new key name)");
        } catch (IOException ex) {
            throw new KeyFileException(dir + " : could not write the key files (" + ex.getMessage()
                + ") (expected: a folder this user may write)");
        }
        return new CurveKey(name, pair.publicKey, pair.secretKey);
    }

    private interface Save {
        void to(Writer out) throws IOException;
    }

    private static void write(final Path file, final Save save, final boolean ownerOnly) throws IOException {
        final StringWriter text = new StringWriter();
        save.to(text);
        if (ownerOnly && file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } else {
            Files.createFile(file);
        }
        Files.writeString(file, text.toString(), StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
    }

    /** Why a file could not be read, in words. */
    private static String reason(final Exception ex) {
        if (ex instanceof java.nio.file.NoSuchFileException) {
            return "no such file";
        }
        if (ex instanceof java.nio.file.AccessDeniedException || ex instanceof SecurityException) {
            return "permission denied";
        }
        if (ex instanceof java.nio.charset.CharacterCodingException) {
            return "not text";
        }
        return "cannot be read";
    }

    static void checkZ85(final String key, final String what) {
        if (key == null || !Z85.matcher(key).matches()) {
            throw new IllegalArgumentException(what + " : " + (key == null ? "missing" : key.length() + " characters")
                + " (expected: " + Z85_LENGTH + " Z85 characters)");
        }
    }
}
