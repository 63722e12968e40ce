package io.satbus.core.protocol;

/**
 * A frame from the network did not have the expected shape. The message says what was
 * expected and what was found; receivers count it and drop the message, they never stop.
 */
public final class MalformedFrameException extends Exception {
    private static final long serialVersionUID = 1L;

    public MalformedFrameException(final String message) {
        super(message, null, false, false);
    }

    public MalformedFrameException(final String message, final Throwable cause) {
        super(message, cause, false, false);
    }
}
