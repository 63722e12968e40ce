package io.satbus.cli;

import io.satbus.core.envelope.Envelope;
import io.satbus.satellites.api.Output;
import io.satbus.satellites.api.Satellite;

/**
 * A Java satellite whose work takes longer than its service's timeout, and says so: it works
 * in steps of {@link #STEP_MS}, calling {@link Output#progress()} after each, then passes the
 * message on. Used by {@link ProgressFromHandlerIT} as {@code class: io.satbus.cli.SlowButSaysSo}.
 */
public final class SlowButSaysSo implements Satellite {
    static final long STEP_MS = 300;
    static final int STEPS = 6;

    @Override
    public void onMessage(final Envelope message, final Output out) throws Exception {
        for (int i = 0; i < STEPS; i++) {
            Thread.sleep(STEP_MS); // the slow work itself, not a test's wait
            out.progress();
        }
        out.forward(message);
    }
}
