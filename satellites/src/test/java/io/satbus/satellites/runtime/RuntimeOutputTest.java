package io.satbus.satellites.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
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
    private final List<Envelope> sent = new ArrayList<>();
    private final RuntimeOutput output = new RuntimeOutput(
        new RuntimeContext("t", Specs.worker("w", "next", Map.of()), 0, Path.of("."), () -> false, () -> -1),
        new Outbound() {
            @Override
            public void send(final String service, final Envelope message) {
                sentTo.add(service);
                sent.add(message);
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

    @Test
    void aForwardedMessageIsThisSatellitesFirstAttemptWithTheIdTimeAndHeadersItCameWith() {
        output.owner(Thread.currentThread());
        final Envelope made = output.message("text/plain", new byte[] {1});
        output.forward(made);
        assertSame(made, sent.get(0), "a message made here goes as it is");

        final Envelope received = new Envelope(-9, "t", "gen", 3, 2, 77, "text/a", Map.of("k", "v"), new byte[] {2});
        output.forward(received);
        output.forward(made, "text/b", new byte[] {3});
        assertEquals(new Envelope(-9, "t", "w", 0, 1, 77, "text/a", Map.of("k", "v"), new byte[] {2}), sent.get(1));
        final Envelope changed = sent.get(2);
        assertEquals(made.id(), changed.id());
        assertEquals("text/b", changed.contentType());
        assertEquals(3, changed.payload()[0]);
        assertEquals(List.of("next", "next", "next"), sentTo);
    }
}
