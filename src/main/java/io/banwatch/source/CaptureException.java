package io.banwatch.source;

/** A capture that cannot be opened or read; the message is one line a user can act on. */
public final class CaptureException extends Exception {

    public CaptureException(String message) {
        super(message);
    }

    public CaptureException(String message, Throwable cause) {
        super(message, cause);
    }
}
