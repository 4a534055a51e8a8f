package io.banwatch.source;

/** A capture that cannot be opened or read; the message is one line a user can act on. */
public final class CaptureException extends Exception {

    private final boolean usageError;

    public CaptureException(String message) {
        this(message, null, false);
    }

    public CaptureException(String message, Throwable cause) {
        this(message, cause, false);
    }

    private CaptureException(String message, Throwable cause, boolean usageError) {
        super(message, cause);
        this.usageError = usageError;
    }

    /** A failure caused by what the user asked for (a missing file, a file that is no capture, a bad filter). */
    static CaptureException usage(String message) {
        return new CaptureException(message, null, true);
    }

    /** Whether the user's request was wrong (exit status 2) rather than the capture failing (exit status 1). */
    public boolean isUsageError() {
        return usageError;
    }
}
