package io.satbus.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which options the supervisor's children get for class data sharing, and when the archive appears. */
class ClassDataArchiveTest {
    private static final List<String> CHILD_OPTIONS = ChildLauncher.DEFAULT_JVM_OPTIONS;

    @TempDir
    Path dir;

    private Path jar() throws Exception {
        final Path jar = dir.resolve("satbus.jar");
        if (!Files.exists(jar)) {
            Files.write(jar, new byte[] {'P', 'K', 3, 4});
        }
        return jar;
    }

    /** What a child writing the archive leaves at exit. */
    private static void dumpWritten(final ClassDataArchive.Options o) throws Exception {
        Files.write(o.dumpTo(), new byte[] {1, 2, 3});
    }

    @Test
    void oneChildWritesTheArchiveAtAnOrderlyExitAndEveryLaterChildMapsIt() throws Exception {
        final ClassDataArchive cds = ClassDataArchive.forChildren(jar().toString(), CHILD_OPTIONS);
        assertEquals(dir.resolve(ClassDataArchive.DIRECTORY), cds.archive().getParent());
        assertTrue(cds.archive().getFileName().toString().startsWith("satbus.jar-4-"), cds.archive().toString());

        assertEquals(List.of(), cds.existing().jvmOptions(), "no archive yet: the orchester starts without one");
        final ClassDataArchive.Options writer = cds.next();
        assertNotNull(writer.dumpTo());
        assertEquals("-XX:ArchiveClassesAtExit=" + writer.dumpTo(), writer.jvmOptions().get(0));
        final ClassDataArchive.Options other = cds.next();
        assertEquals(List.of(), other.jvmOptions(), "one child at a time writes it");
        assertNull(other.dumpTo());

        dumpWritten(writer);
        cds.exited(writer.dumpTo(), 0);
        assertTrue(Files.isRegularFile(cds.archive()));
        assertFalse(Files.exists(writer.dumpTo()), "the temporary file became the archive");
        final List<String> mapped = List.of("-XX:SharedArchiveFile=" + cds.archive());
        assertEquals(mapped, cds.next().jvmOptions());
        assertEquals(mapped, cds.existing().jvmOptions());
        assertNull(cds.next().dumpTo());
    }

    @Test
    void aChildThatCrashesOrWritesNothingLeavesNoArchiveAndTheNextChildTriesAgain() throws Exception {
        final ClassDataArchive cds = ClassDataArchive.forChildren(jar().toString(), CHILD_OPTIONS);
        final ClassDataArchive.Options crashed = cds.next();
        dumpWritten(crashed);
        cds.exited(crashed.dumpTo(), 137);
        assertFalse(Files.exists(cds.archive()), "a killed child's archive may be cut short: not kept");
        assertFalse(Files.exists(crashed.dumpTo()), "its temporary file removed");

        final ClassDataArchive.Options silent = cds.next();
        assertNotNull(silent.dumpTo(), "the next child writes it");
        assertNotEquals(crashed.dumpTo(), silent.dumpTo());
        cds.exited(silent.dumpTo(), 0);
        assertFalse(Files.exists(cds.archive()), "an orderly exit that wrote nothing leaves no archive");
        assertNotNull(cds.next().dumpTo());
    }

    @Test
    void aRebuiltJarGetsANewArchiveAndTheOldOneIsRemoved() throws Exception {
        final Path jar = jar();
        final ClassDataArchive first = ClassDataArchive.forChildren(jar.toString(), CHILD_OPTIONS);
        final ClassDataArchive.Options w1 = first.next();
        dumpWritten(w1);
        first.exited(w1.dumpTo(), 0);
        final Path unrelated = dir.resolve(ClassDataArchive.DIRECTORY).resolve("other.jar-1-2-jdk17.jsa");
        Files.write(unrelated, new byte[] {9});

        Files.write(jar, new byte[] {'P', 'K', 3, 4, 5});
        Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 5000));
        final ClassDataArchive rebuilt = ClassDataArchive.forChildren(jar.toString(), CHILD_OPTIONS);
        assertNotEquals(first.archive(), rebuilt.archive());
        assertEquals(List.of(), rebuilt.existing().jvmOptions(), "the old jar's archive is not the new one's");
        final ClassDataArchive.Options w2 = rebuilt.next();
        dumpWritten(w2);
        rebuilt.exited(w2.dumpTo(), 0);
        assertTrue(Files.isRegularFile(rebuilt.archive()));
        assertFalse(Files.exists(first.archive()), "the archive of the earlier build is removed");
        assertTrue(Files.exists(unrelated), "another jar's archive is left alone");
    }

    @Test
    void noSharingForFoldersSeveralEntriesOrChildOptionsThatChooseThemselves() throws Exception {
        final String jar = jar().toString();
        assertSame(ClassDataArchive.NONE, ClassDataArchive.forChildren(dir.toString(), CHILD_OPTIONS), "a folder");
        assertSame(ClassDataArchive.NONE, ClassDataArchive.forChildren(jar + File.pathSeparator + dir, CHILD_OPTIONS),
            "CDS archives classes from one class path as it was dumped; satbus run's children use one jar");
        assertSame(ClassDataArchive.NONE, ClassDataArchive.forChildren(dir.resolve("missing.jar").toString(), CHILD_OPTIONS));
        for (String own : List.of("-Xshare:off", "-XX:SharedArchiveFile=/x.jsa", "-XX:ArchiveClassesAtExit=/x.jsa")) {
            assertSame(ClassDataArchive.NONE, ClassDataArchive.forChildren(jar, List.of("-Xmx64m", own)), own);
        }
        assertEquals(List.of(), ClassDataArchive.NONE.next().jvmOptions());
        assertEquals(List.of(), ClassDataArchive.NONE.existing().jvmOptions());
        assertFalse(Files.exists(dir.resolve(ClassDataArchive.DIRECTORY).resolve("x")), "nothing written");
    }
}
