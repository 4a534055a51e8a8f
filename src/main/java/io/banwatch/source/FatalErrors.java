package io.banwatch.source;

import java.io.PrintStream;

/**
 * Ends the process on an {@link Error} (out of memory, stack overflow, a broken class path) that reaches a capture
 * callback or a pipeline thread. Such an error leaves the JVM in a state nobody can vouch for: catching it and going
 * on (as JNA does in a callback) gave a sensor that spun at full CPU without progress and ignored SIGTERM. A sensor
 * that stops loudly is restarted by its service manager; one that is half-dead is not.
 */
public final class FatalErrors {

    /** 70: EX_SOFTWARE of sysexits.h, "an internal software error"; distinct from the documented 1 and 2. */
    public static final int EXIT_STATUS = 70;

    private FatalErrors() {}

    /**
     * Prints one line naming the error and where it happened, then halts without running shutdown hooks (they may
     * need the memory or locks that are gone).
     */
    public static void halt(String where, Throwable error) {
        try {
            PrintStream err = System.err;
            err.println("banwatch: fatal: " + error + " in " + where + "; exiting with status " + EXIT_STATUS);
            err.flush();
        } finally {
            Runtime.getRuntime().halt(EXIT_STATUS);
        }
    }

    /** Makes every thread whose {@link Error} escapes its run method end the process with {@link #EXIT_STATUS}. */
    public static void installHandler() {
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((thread, failure) -> {
            if (failure instanceof Error) {
                halt("thread " + thread.getName(), failure);
            } else if (previous != null) {
                previous.uncaughtException(thread, failure);
            } else {
                failure.printStackTrace();
            }
        });
    }
}
