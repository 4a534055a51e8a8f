package io.banwatch.cli;

/** A runtime failure with a message for the user, for example an output file that cannot be written. */
final class CommandFailure extends RuntimeException {

    CommandFailure(String message) {
        super(message);
    }
}
