package io.satbus.core.security;

/** A key file that is missing, unreadable or not in the expected format; the message is for the user and holds no secret. */
public final class KeyFileException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public KeyFileException(final String message) {
        super(message);
    }
}
