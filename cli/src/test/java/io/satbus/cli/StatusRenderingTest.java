package io.satbus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.satbus.orchester.OrchesterStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What 'satbus status' prints of the orchester's recent dead messages. */
class StatusRenderingTest {
    private static final OrchesterStatus.CounterValues ZERO = new OrchesterStatus.CounterValues(0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0);

    @Test
    void recentFailuresListEveryAttemptWithItsOutcome() {
        final OrchesterStatus s = new OrchesterStatus("t", 0, 0, 0, 0, 0, ZERO, List.of(), List.of(
            new OrchesterStatus.DeadMessage("upper", 42, 3, List.of(
                new OrchesterStatus.FailedAttempt("00aa", "upper", 0, 0, "timeout"),
                new OrchesterStatus.FailedAttempt("00bb", "upper", 1, 1_000, "error: boom"),
                new OrchesterStatus.FailedAttempt("00cc", "", -1, 2_000, "worker lost")))));
        final StringBuilder b = new StringBuilder();
        StatusCommand.appendRecentDead(b, s);
        assertEquals("""
            recent failures (dead, newest last):
              upper dispatch 42: 3 attempts
                1970-01-01T00:00:00Z upper.0: timeout
                1970-01-01T00:00:01Z upper.1: error: boom
                1970-01-01T00:00:02Z worker 00cc: worker lost
            """, b.toString());
    }

    @Test
    void nothingIsPrintedWithoutDeadMessages() {
        final StringBuilder b = new StringBuilder();
        StatusCommand.appendRecentDead(b, new OrchesterStatus("t", 0, 0, 0, 0, 0, ZERO, List.of(), List.of()));
        assertEquals("", b.toString());
    }
}
