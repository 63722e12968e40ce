package io.satbus.satellites.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOError;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SlotStoreTest {
    private static final long[] COUNTERS = new long[SatelliteStats.SNAPSHOT_SIZE];

    @TempDir
    Path dir;

    @Test
    void completedIdsOutliveTheFileTurningOverAtTheWindowAndAReopen() throws Exception {
        final int window = 4;
        try (SlotStore store = SlotStore.open(dir, "out.0", window)) {
            for (long id = 1; id <= 11; id++) {
                store.complete(id);
                store.save(COUNTERS, 0);
            }
            assertTrue(store.completed(11));
        }
        assertEquals(8 * 3, Files.size(dir.resolve("out.0.ids")), "the current file holds what came after the last turn");
        assertEquals(8 * 4, Files.size(dir.resolve("out.0.ids.1")), "the previous file is a whole window");
        try (SlotStore reopened = SlotStore.open(dir, "out.0", window)) {
            for (long id = 8; id <= 11; id++) {
                assertTrue(reopened.completed(id), "the last dedup_window ids are remembered: " + id);
            }
            reopened.complete(12);
            reopened.save(COUNTERS, 0);
            assertTrue(reopened.completed(12));
        }
    }

    @Test
    void aStateThatCannotBeWrittenEndsTheInstanceInsteadOfGoingOn() throws Exception {
        try (SlotStore store = SlotStore.open(dir, "out.0", 4)) {
            store.complete(1);
            Files.delete(dir.resolve("out.0.ids"));
            Files.createDirectory(dir.resolve("out.0.ids.1"));
            Files.writeString(dir.resolve("out.0.ids.1").resolve("in-the-way"), "x");
            for (long id = 2; id <= 5; id++) {
                store.complete(id);
            }
            final IOError e = assertThrows(IOError.class, () -> store.save(COUNTERS, 0));
            assertTrue(e.getMessage().contains("out.0"), e.getMessage());
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
        }
    }
}
