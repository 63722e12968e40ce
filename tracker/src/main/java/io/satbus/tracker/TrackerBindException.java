package io.satbus.tracker;

/**
 * The tracker could not listen where it was told to: its link endpoint or its metrics HTTP view
 * (an address taken or not of this host). The message names the setting, the address and the
 * cause, and is meant to be shown to the user as is, without a trace.
 */
public final class TrackerBindException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public TrackerBindException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
