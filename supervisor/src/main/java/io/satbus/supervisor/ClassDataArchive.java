package io.satbus.supervisor;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Class data sharing for the children of {@code satbus run}: an AppCDS archive of the classes a
 * child loads, so that the next children map them instead of loading and verifying them again
 * (start-up ~1.2 s -> ~0.45 s and ~17 MiB less resident memory per satellite, docs/operations.md).
 *
 * <p>JDK 17 has no automatic archive, so the supervisor makes one: while none exists, one child
 * at a time runs with {@code -XX:ArchiveClassesAtExit} to a temporary file, which becomes the
 * archive when that child exits with code 0 (an orderly stop); every later child runs with
 * {@code -XX:SharedArchiveFile}. The archive sits in {@code satbus-cds/} beside the jar and its
 * name carries the jar's size and time and the JDK's version, so that a rebuilt jar or another
 * JDK makes a new one (and the old ones are removed). A JVM that cannot map an archive runs
 * without it ({@code -Xshare:auto}).
 *
 * <p>Only for a class path of one jar (CDS archives classes from jars, not from folders) and
 * only when the child options say nothing of class data sharing themselves. Thread-safe: the
 * hand-over runs when a child's process ends.
 */
final class ClassDataArchive {
    private static final Logger LOG = LoggerFactory.getLogger(ClassDataArchive.class);
    static final String DIRECTORY = "satbus-cds";

    /** Never adds an option. */
    static final ClassDataArchive NONE = new ClassDataArchive(null);

    private final Path archive;
    private final AtomicBoolean dumping = new AtomicBoolean();

    private ClassDataArchive(final Path archive) {
        this.archive = archive;
    }

    /**
     * The archive for children of class path {@code classpath} started with {@code jvmOptions},
     * or {@link #NONE} when sharing does not apply (see the class comment) or the jar's folder
     * cannot hold it.
     */
    static ClassDataArchive forChildren(final String classpath, final List<String> jvmOptions) {
        for (String o : jvmOptions) {
            final String lower = o.toLowerCase(Locale.ROOT);
            if (lower.startsWith("-xshare:off") || lower.startsWith("-xshare:dump") || lower.contains("sharedarchivefile")
                || lower.contains("archiveclassesatexit")) {
                return NONE;
            }
        }
        if (classpath.isEmpty() || classpath.contains(java.io.File.pathSeparator)) {
            return NONE;
        }
        final Path jar = Path.of(classpath);
        try {
            final BasicFileAttributes a = Files.readAttributes(jar, BasicFileAttributes.class);
            if (!a.isRegularFile() || !jar.getFileName().toString().endsWith(".jar")) {
                return NONE;
            }
            final Path dir = jar.toAbsolutePath().resolveSibling(DIRECTORY);
            Files.createDirectories(dir);
            if (!Files.isWritable(dir)) {
                return NONE;
            }
            final String name = jar.getFileName() + "-" + a.size() + "-" + a.lastModifiedTime().toMillis() + "-jdk"
                + Runtime.version().toString().replaceAll("[^0-9A-Za-z.+-]", "_") + ".jsa";
            return new ClassDataArchive(dir.resolve(name));
        } catch (IOException ex) {
            LOG.debug("no class data sharing for the children: {}", ex.toString());
            return NONE;
        }
    }

    /** The archive file, or null for {@link #NONE}. */
    Path archive() {
        return archive;
    }

    /** The options of a child that only maps the archive when it exists, never writes it. */
    Options existing() {
        return archive != null && Files.isRegularFile(archive)
            ? new Options(List.of("-XX:SharedArchiveFile=" + archive), null) : new Options(List.of(), null);
    }

    /**
     * The options of the next child: map the archive when it exists; else, when no other child
     * is making it, make it at exit to a temporary file (then call {@link #exited} with it).
     *
     * @return the options, and the temporary file this child writes (or null)
     */
    Options next() {
        final Options existing = existing();
        if (archive == null || !existing.jvmOptions().isEmpty()) {
            return existing;
        }
        if (!dumping.compareAndSet(false, true)) {
            return new Options(List.of(), null);
        }
        final Path tmp = archive.resolveSibling(archive.getFileName() + "." + ProcessHandle.current().pid() + "."
            + System.nanoTime() + ".tmp");
        // -Xlog:cds=error: the classes CDS cannot archive (picocli's are Java 5 classes) are not news.
        return new Options(List.of("-XX:ArchiveClassesAtExit=" + tmp, "-Xlog:cds=error"), tmp);
    }

    /**
     * The child that was writing {@code tmp} has ended with {@code exitCode}: after an orderly
     * stop its file becomes the archive (and older archives of the jar go); otherwise it is
     * deleted and the next child tries again.
     */
    void exited(final Path tmp, final int exitCode) {
        try {
            if (exitCode == 0 && Files.isRegularFile(tmp) && Files.size(tmp) > 0) {
                Files.move(tmp, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                removeOthers();
                LOG.info("class data archive for the children written: {}", archive);
            } else {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException ex) {
            LOG.warn("class data archive {} not kept: {}", archive, ex.toString());
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // A stray temporary file in satbus-cds/ is harmless.
            }
        } finally {
            dumping.set(false);
        }
    }

    /** Removes the archives of earlier builds of the same jar. */
    private void removeOthers() throws IOException {
        final String jarName = archive.getFileName().toString();
        final String prefix = jarName.substring(0, jarName.indexOf(".jar-") + ".jar-".length());
        try (DirectoryStream<Path> all = Files.newDirectoryStream(archive.getParent(), prefix + "*.jsa")) {
            for (Path p : all) {
                if (!p.equals(archive)) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** Options for one child, and the temporary archive it writes at exit (or null). */
    record Options(List<String> jvmOptions, Path dumpTo) {
    }
}
