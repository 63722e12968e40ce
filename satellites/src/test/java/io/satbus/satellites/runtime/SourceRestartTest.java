package io.satbus.satellites.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.satbus.core.envelope.Envelope;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A source killed while it waits for room in its send window: the message it had just made
 * (its id taken) is not yet kept, but the flush that waits for room saves the slot's state.
 * The restarted source must still make that message, under the same id, and count it once.
 */
class SourceRestartTest {
    private static final byte[] SERVICE = "upper".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path state;

    private Custody open(final boolean outbox, final SatelliteStats stats) {
        return new Custody("gen/0", "gen.0", true, true, 1, 100, state, outbox, false, stats);
    }

    private static Envelope message(final long id) {
        return new Envelope(id, "t", "gen", 0, 1, 0, "text/plain", Map.of(), new byte[] {1});
    }

    /** Keeps message 0 (the window of 1 is then full), takes the id of message 1 and saves, as the wait for room does. */
    private long[] killedWaitingForRoom(final boolean outbox) {
        final Custody first = open(outbox, new SatelliteStats());
        first.resumePosition();
        first.started();
        final long id0 = first.nextId();
        assertNotNull(first.keep(SERVICE, message(id0), null));
        final long id1 = first.nextId();
        first.save();
        // SIGKILL: no close, nothing more written.
        return new long[] {id0, id1};
    }

    @Test
    void withAnOutboxTheMessageMadeWhileWaitingForRoomIsProducedAgainUnderItsId() {
        final long[] ids = killedWaitingForRoom(true);
        final SatelliteStats stats = new SatelliteStats();
        final Custody again = open(true, stats);
        assertEquals(1, again.resumePosition(), "message 0 is in the outbox; message 1 never left and is made again");
        again.started();
        final List<Long> kept = new java.util.ArrayList<>();
        again.kept().forEach(k -> kept.add(k.id()));
        assertEquals(List.of(ids[0]), kept, "the outbox's send");
        assertEquals(ids[1], again.nextId(), "the same id for the same message");
        assertEquals(1, stats.sent(), "counted once, before the kill");
    }

    @Test
    void withoutAnOutboxBothAreProducedAgainAndTheOneNeverSentCountsAsSent() {
        final long[] ids = killedWaitingForRoom(false);
        final SatelliteStats stats = new SatelliteStats();
        final Custody again = open(false, stats);
        assertEquals(0, again.resumePosition(), "message 0 was not acknowledged");
        again.started();
        for (long id : ids) {
            final long made = again.nextId();
            assertEquals(id, made);
            again.keep(SERVICE, message(made), null);
            again.passed(made, false);
        }
        assertEquals(2, stats.sent(), "two messages made, each sent once: " + stats);
        assertEquals(1, stats.resent(), "message 0 went again: " + stats);
        assertEquals(0, stats.lost(), stats::toString);
    }
}
