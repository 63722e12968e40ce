package io.satbus.satellites.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.satbus.core.envelope.Envelope;
import io.satbus.core.envelope.EnvelopeCodec;
import io.satbus.satellites.runtime.CustodyWindow.Kept;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutboxTest {
    @TempDir
    Path dir;

    private static Kept kept(final long id) {
        return new Kept(id, new byte[] {'s'}, null, new byte[] {1, 2}, new byte[] {(byte) id}, id, List.of());
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
    void aSendKeptAsItsEnvelopeIsWrittenWithItsHeaderAndComesBackAsThatHeader() {
        final Path file = dir.resolve("g.0.outbox");
        final byte[] payload = {7, 8};
        final Envelope m = new Envelope(42, "topo", "g", 0, 1, 1_000L, "text/plain", Map.of("k", "v"), payload);
        final Outbox first = Outbox.open(file, false);
        first.sent(new Kept(42, new byte[] {'s'}, m, null, payload, -1, List.of()));
        first.flush();
        final Kept back = Outbox.open(file, false).pending().get(0);
        assertNull(back.message(), "an earlier process's send has its header, not its envelope");
        assertArrayEquals(EnvelopeCodec.encodeHeader(m), back.header());
        assertArrayEquals(payload, back.payload());
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
