package io.siemflink.cli;

/** A command line that cannot be run as given; the message says what to change. */
final class UsageException extends RuntimeException {
    UsageException(String message) {
        super(message);
    }
}
