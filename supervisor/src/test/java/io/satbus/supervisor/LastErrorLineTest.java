package io.satbus.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LastErrorLineTest {
    private static LastErrorLine fed(final String... lines) {
        final LastErrorLine l = new LastErrorLine();
        for (String line : lines) {
            l.offer(line);
        }
        return l;
    }

    @Test
    void aPythonTracebackIsItsLastLine() {
        assertEquals("ModuleNotFoundError: No module named 'msgpack'", fed(
            "Traceback (most recent call last):",
            "  File \"/repo/docs/examples/python/shout.py\", line 12, in <module>",
            "    import msgpack",
            "ModuleNotFoundError: No module named 'msgpack'").get());
    }

    @Test
    void satbusOwnSummaryOfAFailureStaysItThroughTheStackTraceThatFollows() {
        assertEquals("satellites.upper instance 0 : failed to start (out/x.txt (Permission denied))", fed(
            "08:32:57.011 [main] INFO SatelliteCommand - upper.0 of hello running, pid 42",
            "satbus: java.lang.IllegalStateException: satellites.upper instance 0 : failed to start (out/x.txt"
                + " (Permission denied))",
            "java.lang.IllegalStateException: satellites.upper instance 0 : failed to start (out/x.txt (Permission denied))",
            "\tat io.satbus.satellites.runtime.SatelliteRuntime.start(SatelliteRuntime.java:95)",
            "Caused by: java.io.FileNotFoundException: out/x.txt (Permission denied)",
            "\tat java.base/java.io.FileOutputStream.open0(Native Method)",
            "\t... 12 more").get());
    }

    @Test
    void aUserErrorLineOfSatbusIsIt() {
        assertEquals("service_port : 127.0.0.1:6396 is already in use (expected: a free port)", fed(
            "08:32:57.011 [main] INFO Orchester - starting",
            "satbus: service_port : 127.0.0.1:6396 is already in use (expected: a free port)").get());
    }

    @Test
    void anErrorLogLineIsItsMessageAndTheInnermostCauseOfItsTraceWins() {
        assertEquals("java.lang.OutOfMemoryError: Java heap space", fed(
            "08:32:57.011 [satbus-upper-0] ERROR SatelliteRuntime - upper.0 runtime loop failed; closing",
            "java.lang.IllegalStateException: handler failed",
            "\tat a.b.C.d(C.java:1)",
            "Caused by: java.lang.OutOfMemoryError: Java heap space",
            "08:32:57.020 [main] INFO SatelliteCommand - upper.0 runtime ended on its own (see above); exiting 1").get());
        assertEquals("upper.0 runtime loop failed; closing",
            fed("08:32:57.011 [satbus-upper-0] ERROR SatelliteRuntime - upper.0 runtime loop failed; closing").get());
    }

    @Test
    void aFatalErrorKeepsItsClass() {
        assertEquals("java.lang.OutOfMemoryError: Java heap space in thread main; ending the process (exit 70)",
            fed("satbus: java.lang.OutOfMemoryError: Java heap space in thread main; ending the process (exit 70)").get());
    }

    @Test
    void informationAndWarningsAreNeverIt() {
        assertNull(fed("08:32:57.011 [main] INFO SatelliteCommand - upper.0 running", "",
            "08:32:57.011 [main] WARN SatelliteAgent - reconnecting").get());
    }

    @Test
    void aLongLineIsCut() {
        final String line = fed("x".repeat(1000)).get();
        assertEquals(LastErrorLine.MAX_LENGTH, line.length());
        assertTrue(line.endsWith("..."), line);
    }
}
