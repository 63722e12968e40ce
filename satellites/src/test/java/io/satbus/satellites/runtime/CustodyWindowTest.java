package io.satbus.satellites.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satbus.satellites.runtime.CustodyWindow.Kept;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CustodyWindowTest {
    private static final byte[] NONE = new byte[0];
    private static final byte[] TOKEN = new byte[12];

    private static Kept kept(final long id, final long position) {
        return new Kept(id, NONE, null, NONE, NONE, position, List.of());
    }

    private static List<Long> ids(final CustodyWindow w) {
        final List<Long> out = new ArrayList<>();
        w.all().forEach(k -> out.add(k.id()));
        return out;
    }

    @Test
    void keptSendsComeBackInTheOrderSentWhateverIsReleasedBetween() {
        final CustodyWindow w = new CustodyWindow(100);
        for (long id : new long[] {50, 7, 1_000_000_007L, -3, 12, 99}) {
            w.keep(kept(id, -1));
        }
        assertEquals(List.of(50L, 7L, 1_000_000_007L, -3L, 12L, 99L), ids(w));

        assertEquals(50, w.release(50).id(), "the oldest");
        assertEquals(12, w.release(12).id(), "one in the middle");
        assertEquals(99, w.release(99).id(), "the newest");
        assertNull(w.release(12), "released twice: nothing kept");
        assertEquals(List.of(7L, 1_000_000_007L, -3L), ids(w));
        assertEquals(3, w.size());

        w.keep(kept(50, -1));
        assertEquals(List.of(7L, 1_000_000_007L, -3L, 50L), ids(w), "kept again after its release: last");
        for (Kept k : w.all()) {
            w.release(k.id());
        }
        assertEquals(List.of(), ids(w));
        assertEquals(0, w.size());
        w.keep(kept(4, -1));
        assertEquals(List.of(4L), ids(w), "a window emptied works as new");
    }

    @Test
    void aSecondSendOfAKeptIdKeepsTheFirstsPlaceAndPositionAndJoinsTheirHeldReplies() {
        final CustodyWindow w = new CustodyWindow(10);
        final HeldReply first = new HeldReply(1, true, TOKEN, 1);
        final HeldReply second = new HeldReply(1, true, TOKEN, 1);
        w.keep(new Kept(1, NONE, null, NONE, NONE, 40, List.of(first)));
        w.keep(kept(2, -1));
        final byte[] newer = {1};
        w.keep(new Kept(1, NONE, null, NONE, newer, -1, List.of(second)));

        assertEquals(List.of(1L, 2L), ids(w));
        final Kept one = w.get(1);
        assertEquals(40, one.position(), "the first send's source position stands");
        assertSame(newer, one.payload(), "the newer send's frames go again");
        assertEquals(List.of(first, second), one.waiting());
        assertEquals(2, w.size());
    }

    @Test
    void orphansAreTheKeptSendsNothingElseAccountsFor() {
        final CustodyWindow w = new CustodyWindow(3);
        w.keep(kept(1, -1));
        w.keep(kept(2, 17));
        w.keep(kept(3, -1));
        assertEquals(2, w.orphans());
        assertFalse(w.hasRoom());
        w.keep(new Kept(3, NONE, null, NONE, NONE, -1, List.of(new HeldReply(9, true, TOKEN, 1))));
        assertEquals(1, w.orphans(), "a reply now waits on 3");
        w.release(1);
        assertEquals(0, w.orphans());
        assertTrue(w.hasRoom());
        assertTrue(w.contains(2));
        assertFalse(w.contains(1));
    }
}
