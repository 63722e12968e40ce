package io.satbus.satellites.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.satbus.satellites.runtime.CustodyWindow.Kept;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutboxTest {
    @TempDir
    Path dir;

    private static Kept kept(final long id) {
        return new Kept(id, new byte[] {'s'}, new byte[] {1, 2}, new byte[] {(byte) id}, id, List.of());
    }

    private static List<Long> ids(final Outbox o) {
        return o.pending().stream().map(Kept::id).toList();
    }

    @Test
    void aReopenedOutboxHoldsTheSendsNotPassedInOrder() {
        final Path file = dir.resolve("g.0.outbox");
        final Outbox first = Outbox.open(file, false);
        for (long id = 1; id <= 4; id++) {
            first.sent(kept(id));
        }
        first.passed(2);
        first.flush();
        // Killed: not closed.
        final Outbox second = Outbox.open(file, true);
        assertEquals(List.of(1L, 3L, 4L), ids(second));
        assertEquals(3, second.pending().get(1).payload()[0], "the payload kept");
        second.close();
    }

    @Test
    void aRecordCutShortByAKilledProcessIsLeftOut() throws Exception {
        final Path file = dir.resolve("g.0.outbox");
        final Outbox first = Outbox.open(file, false);
        first.sent(kept(1));
        first.sent(kept(2));
        first.flush();
        try (FileChannel c = FileChannel.open(file, StandardOpenOption.WRITE)) {
            c.truncate(Files.size(file) - 3);
        }
        final Outbox second = Outbox.open(file, false);
        assertEquals(List.of(1L), ids(second), "the cut record never left the process");
        second.sent(kept(5));
        second.close();
        assertEquals(List.of(1L, 5L), ids(Outbox.open(file, false)), "the rewritten file is whole again");
    }
}
