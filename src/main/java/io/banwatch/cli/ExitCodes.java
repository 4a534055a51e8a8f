package io.banwatch.cli;

/** Exit statuses: the command-line contract in the README. */
final class ExitCodes {

    static final int OK = 0;
    /** A runtime failure: unreadable capture, interface gone, port in use. */
    static final int RUNTIME_FAILURE = 1;
    /** A usage or configuration error. */
    static final int USAGE = 2;

    private ExitCodes() {}
}
