package io.satbus.satellites.api;

import io.satbus.core.envelope.Envelope;

/**
 * A satellite that emits messages on its own (a generator, a poller). The runtime calls
 * {@link #produce} in its loop whenever its send window has room, until it returns
 * {@link #DONE} or the runtime stops.
 */
public interface Source extends Satellite {
    /** Returned by {@link #produce} when the source has finished for good. */
    int DONE = -1;

    /**
     * Emits what is due now.
     *
     * @return how many messages were emitted; 0 when nothing is due (the runtime idles briefly
     *     before asking again); {@link #DONE} when finished for good
     */
    int produce(Output out) throws Exception;

    /** Sources usually receive nothing; one that subscribes or serves overrides this. */
    @Override
    default void onMessage(final Envelope message, final Output out) throws Exception {
    }
}
