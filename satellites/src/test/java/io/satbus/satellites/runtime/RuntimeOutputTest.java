package io.satbus.satellites.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satbus.core.envelope.Envelope;
import io.satbus.core.protocol.Mdp;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RuntimeOutputTest {
    private final List<String> sentTo = new ArrayList<>();
    private final RuntimeOutput output = new RuntimeOutput(
        new RuntimeContext("t", Specs.worker("w", "next", Map.of()), 0, Path.of("."), () -> false, () -> -1),
        new Outbound() {
            @Override
            public void send(final String service, final Envelope message) {
                sentTo.add(service);
            }

            @Override
            public void publish(final String topic, final Envelope message) {
                sentTo.add("topic " + topic);
            }
        }, () -> 1, () -> 2);

    @Test
    void serviceNamesAreSentUpToTheirLimitInUtf8BytesAndRefusedBeyondIt() {
        output.owner(Thread.currentThread());
        final String ascii = "s".repeat(Mdp.MAX_SERVICE_NAME_BYTES);
        final String threeByteChars = "€".repeat(Mdp.MAX_SERVICE_NAME_BYTES / 3); // 255 bytes in 85 chars
        output.send(ascii, "text/plain", new byte[0]);
        output.send(threeByteChars, "text/plain", new byte[0]);
        assertEquals(List.of(ascii, threeByteChars), sentTo);

        for (final String tooLong : new String[] {ascii + "s", threeByteChars + "s", "€".repeat(86), "😀".repeat(64), ""}) {
            final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> output.send(tooLong, "text/plain", new byte[0]));
            assertTrue(e.getMessage().contains("(expected: 1..255)"), e.getMessage());
        }
        assertEquals(2, sentTo.size(), "nothing refused was sent");
    }
}
