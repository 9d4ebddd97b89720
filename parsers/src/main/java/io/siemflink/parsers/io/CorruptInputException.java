package io.siemflink.parsers.io;

import java.io.IOException;

/**
 * The input's bytes are bad (truncated or corrupt compression, a decompressed-size cap exceeded): retrying the
 * read cannot help, so parsers turn it into a dead letter instead of failing.
 */
public class CorruptInputException extends IOException {
    public CorruptInputException(String message, Throwable cause) {
        super(message, cause);
    }

    public CorruptInputException(String message) {
        super(message);
    }
}
