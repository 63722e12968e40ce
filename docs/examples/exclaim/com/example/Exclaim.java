package com.example;

import io.satbus.core.envelope.Envelope;
import io.satbus.satellites.api.Output;
import io.satbus.satellites.api.Satellite;
import io.satbus.satellites.api.SatelliteContext;
import java.nio.charset.StandardCharsets;

/** Adds exclamation marks to every text message and sends it on, keeping its id. */
public final class Exclaim implements Satellite {
    private String marks;

    @Override
    public void open(SatelliteContext context) {
        int count = context.config().integer("marks", 1);
        if (count < 1) {
            throw new IllegalArgumentException("satellites." + context.name() + ".config.marks : " + count
                + " (expected: >= 1)");
        }
        marks = "!".repeat(count);
    }

    @Override
    public void onMessage(Envelope message, Output out) {
        String text = new String(message.payload(), StandardCharsets.UTF_8).strip();
        out.forward(message, "text/plain", (text + marks).getBytes(StandardCharsets.UTF_8));
    }
}
