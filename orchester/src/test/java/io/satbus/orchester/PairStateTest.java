package io.satbus.orchester;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satbus.orchester.PairState.State;
import org.junit.jupiter.api.Test;

/** The Binary Star machine of an orchester pair, on a manual clock. */
class PairStateTest {
    private static final long EXPIRY = 3_000;

    private static PairState primary(final long nowMs) {
        return new PairState(PairRole.PRIMARY, EXPIRY, "test (primary)", nowMs);
    }

    private static PairState backup(final long nowMs) {
        return new PairState(PairRole.BACKUP, EXPIRY, "test (backup)", nowMs);
    }

    @Test
    void aPrimaryThatHearsItsBackupBecomesActiveAndTheBackupPassive() {
        final PairState p = primary(0);
        final PairState b = backup(0);
        p.onPeer(State.BACKUP, 100);
        assertEquals(State.ACTIVE, p.state());
        b.onPeer(p.state(), 200);
        assertEquals(State.PASSIVE, b.state());
        assertEquals(200, b.sinceMs());
        assertEquals(0, p.failovers() + b.failovers());
    }

    @Test
    void aStartingPrimaryRefusesSatellitesUntilItsPeerHasBeenSilentForTheExpiry() {
        final PairState p = primary(1_000);
        assertFalse(p.onClientRequest(1_000 + EXPIRY - 1));
        assertEquals(State.PRIMARY, p.state());
        assertTrue(p.onClientRequest(1_000 + EXPIRY));
        assertEquals(State.ACTIVE, p.state());
        assertEquals(0, p.failovers(), "starting alone is no failover");
    }

    @Test
    void aBackupNeverServesBeforeItHasHeardAnActivePrimary() {
        final PairState b = backup(0);
        assertFalse(b.onClientRequest(10 * EXPIRY));
        b.onPeer(State.PRIMARY, 10 * EXPIRY);
        assertEquals(State.BACKUP, b.state());
        assertFalse(b.onClientRequest(20 * EXPIRY));
    }

    @Test
    void aPassiveBecomesActiveOnlyWhenItsPeerIsSilentAndASatelliteTurnsToIt() {
        final PairState b = backup(0);
        b.onPeer(State.ACTIVE, 1_000);
        assertEquals(State.PASSIVE, b.state());
        assertFalse(b.onClientRequest(1_000 + EXPIRY - 1), "the active is not silent long enough yet");
        assertEquals(State.PASSIVE, b.state());
        assertTrue(b.onClientRequest(1_000 + EXPIRY));
        assertEquals(State.ACTIVE, b.state());
        assertEquals(1, b.failovers());
        assertEquals(1_000 + EXPIRY, b.sinceMs());
    }

    @Test
    void aHeartbeatFromThePeerPutsOffTheFailover() {
        final PairState b = backup(0);
        b.onPeer(State.ACTIVE, 1_000);
        b.onPeer(State.ACTIVE, 1_000 + EXPIRY - 10);
        assertFalse(b.onClientRequest(1_000 + EXPIRY + 10));
        assertEquals(State.PASSIVE, b.state());
    }

    @Test
    void aRestartedFormerActiveComesBackPassiveAndTakesOverAtTheNextFailover() {
        final PairState b = backup(0);
        b.onPeer(State.ACTIVE, 1_000);
        assertTrue(b.onClientRequest(1_000 + EXPIRY));
        // The primary is started again: it begins as PRIMARY and hears the backup, now active.
        final PairState p = primary(10_000);
        b.onPeer(p.state(), 10_100);
        assertEquals(State.ACTIVE, b.state(), "an active orchester stays active when its peer starts again");
        p.onPeer(b.state(), 10_200);
        assertEquals(State.PASSIVE, p.state());
        assertFalse(p.onClientRequest(10_300));
        // The backup dies: the primary takes over at the first satellite after the expiry.
        assertTrue(p.onClientRequest(10_200 + EXPIRY));
        assertEquals(State.ACTIVE, p.state());
        assertEquals(1, p.failovers());
    }

    @Test
    void aPassiveWhosePeerStartsAgainBecomesActive() {
        final PairState b = backup(0);
        b.onPeer(State.ACTIVE, 1_000);
        b.onPeer(State.PRIMARY, 2_000);
        assertEquals(State.ACTIVE, b.state());
        assertEquals(1, b.failovers());
    }

    @Test
    void ofTwoActivesTheBackupYields() {
        final PairState p = primary(0);
        final PairState b = backup(0);
        p.onPeer(State.BACKUP, 10);
        b.onPeer(State.ACTIVE, 20);
        assertTrue(b.onClientRequest(20 + EXPIRY));
        p.onPeer(State.ACTIVE, 30 + EXPIRY);
        b.onPeer(State.ACTIVE, 40 + EXPIRY);
        assertEquals(State.ACTIVE, p.state());
        assertEquals(State.PASSIVE, b.state());
    }

    @Test
    void ofTwoPassivesThePrimaryBecomesActive() {
        final PairState p = primary(0);
        p.onPeer(State.ACTIVE, 10);
        p.onPeer(State.PASSIVE, 20);
        assertEquals(State.ACTIVE, p.state());
    }

    @Test
    void anExpiryBelowOneIsRefusedNamingIt() {
        final IllegalArgumentException ex = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
            () -> new PairState(PairRole.PRIMARY, 0, "t", 0));
        assertEquals("expiryMs : 0 (expected: >= 1)", ex.getMessage());
    }
}
