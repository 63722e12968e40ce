package io.satbus.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The report line a child prints: the custody counters travel, and a line without them is per process. */
class ChildReportTest {
    @Test
    void theCustodyCountersAndCumulativeTravelOnTheReportLine() {
        final ChildReport r = new ChildReport(42, 10, 1, 12, 9, 3, 2, 1, 4, true, 0, 0, 0, true, null, null, 0);

        final String line = r.toLine();

        assertTrue(line.contains("\"resent\":3") && line.contains("\"dead\":2") && line.contains("\"lost\":1")
            && line.contains("\"duplicates\":4") && line.contains("\"cumulative\":true"), line);
        assertEquals(r, ChildReport.parse(line));
    }

    @Test
    void aCommandSatellitesReportWithoutTheNewKeysCountsPerProcessWithZeros() {
        final ChildReport r = ChildReport.parse("@satbus {\"handled\": 812, \"sent\": 812, \"acked\": 810,"
            + " \"outstanding\": 2, \"done\": false}");

        assertEquals(812, r.handled());
        assertEquals(0, r.dead() + r.lost() + r.duplicates() + r.resent());
        assertFalse(r.cumulative());
    }
}
