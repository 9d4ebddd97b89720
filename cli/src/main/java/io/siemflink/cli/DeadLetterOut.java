package io.siemflink.cli;

import io.siemflink.parsers.DeadLetter;
import java.io.Closeable;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Dead letters as NDJSON to a file, or to stderr by default. */
final class DeadLetterOut implements Closeable {
    private final PrintStream out;
    private final boolean ownsStream;

    private DeadLetterOut(PrintStream out, boolean ownsStream) {
        this.out = out;
        this.ownsStream = ownsStream;
    }

    static DeadLetterOut open(String file, PrintStream stderr) throws IOException {
        if (file == null) {
            return new DeadLetterOut(stderr, false);
        }
        return new DeadLetterOut(new PrintStream(Files.newOutputStream(Path.of(file)), false, StandardCharsets.UTF_8), true);
    }

    void write(DeadLetter d) {
        out.println(d.toJson());
        if (out.checkError()) {
            throw new UncheckedIOException(new IOException("cannot write dead letters"));
        }
    }

    @Override
    public void close() {
        out.flush();
        if (ownsStream) {
            out.close();
        }
    }
}
