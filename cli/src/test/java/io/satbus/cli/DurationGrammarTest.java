package io.satbus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** One grammar for durations: what a topology accepts ({@code 1.5s}), every duration option accepts. */
class DurationGrammarTest {
    @Test
    void everyDurationOptionReadsTheTopologysGrammar() throws Exception {
        final DurationConverter c = new DurationConverter();
        assertEquals(Duration.ofMillis(1500), c.convert("1.5s"));
        assertEquals(Duration.ofHours(1), c.convert("1h"));
        assertEquals(Duration.ofSeconds(10), c.convert("PT10S"));
        for (CommandLine cl : CommandTree.all(Satbus.commandLine())) {
            for (OptionSpec o : cl.getCommandSpec().options()) {
                if (o.type() == Duration.class) {
                    assertEquals(Duration.ofMillis(1500), o.converters().length > 0 ? o.converters()[0].convert("1.5s") : null,
                        "satbus " + String.join(" ", CommandTree.path(cl)) + " " + o.longestName() + " 1.5s");
                    assertTrue(o.converters()[0] instanceof DurationConverter, o.longestName());
                }
            }
        }
    }
}
