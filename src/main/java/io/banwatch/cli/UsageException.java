package io.banwatch.cli;

/** A command line that parses but asks for something impossible, for example `run` without an interface. */
final class UsageException extends RuntimeException {

    UsageException(String message) {
        super(message);
    }
}
