package io.banwatch.cli;

/** Whether a person or a program reads banwatch's output. */
final class Terminal {

    private Terminal() {}

    /**
     * Alerts print as one readable line each when a person is watching (an interactive terminal), and as JSON lines
     * otherwise: pipes, files, journald and log shippers get the event JSON.
     */
    static boolean readableAlerts() {
        return System.console() != null;
    }
}
