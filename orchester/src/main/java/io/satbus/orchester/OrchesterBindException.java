package io.satbus.orchester;

/**
 * The orchester could not bind one of its endpoints. The message names the endpoint, the
 * address and the likely cause, and is meant to be shown to the user as is, without a trace.
 */
public final class OrchesterBindException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public OrchesterBindException(final String message, final Throwable cause) {
        super(message, cause, false, false);
    }
}
