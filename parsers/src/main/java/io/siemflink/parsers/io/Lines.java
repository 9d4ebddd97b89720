package io.siemflink.parsers.io;

import io.siemflink.parsers.DeadLetter;
import io.siemflink.parsers.LogType;
import io.siemflink.parsers.ParseSink;
import io.siemflink.parsers.Skip;
import io.siemflink.parsers.SourceRef;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;

/**
 * The read loop shared by line formats: it turns blank, overlong, non-UTF-8 and cut-off lines into skips and
 * dead letters, and guards the handler so one bad line never ends the input.
 */
public final class Lines {
    /** Default cap on one line; real log lines are far shorter. */
    public static final int DEFAULT_MAX_LINE = 1024 * 1024;

    private Lines() {
    }

    @FunctionalInterface
    public interface Handler {
        /**
         * @param text   the decoded line (without line terminator)
         * @param raw    the line's bytes are {@code raw[off, off+len)}; valid only during the call
         */
        void line(String text, byte[] raw, int off, int len, long lineNo, long offset);
    }

    public static void forEach(InputStream in, LogType type, SourceRef source, ParseSink sink, int maxLine,
                               Handler handler) throws IOException {
        LineReader r = new LineReader(in, maxLine);
        while (r.next()) {
            byte[] b = r.buffer();
            int off = r.start();
            int len = r.length();
            if (r.tooLong()) {
                String reason = "too_long: line of " + r.fullLength() + " bytes exceeds the limit of " + maxLine;
                if (r.corrupt()) {
                    reason += "; then " + r.corruptReason();
                }
                sink.deadLetter(new DeadLetter(type, reason, java.util.Arrays.copyOfRange(b, off, off + Math.min(len, DeadLetter.MAX_ORIGINAL_BYTES)),
                        r.fullLength(), source, r.lineNumber(), r.offset()));
                continue;
            }
            if (r.corrupt()) {
                sink.deadLetter(DeadLetter.of(type, r.corruptReason(), b, off, len, source, r.lineNumber(), r.offset()));
                continue;
            }
            if (r.isBlank()) {
                sink.skipped(new Skip(type, "blank_line", source, r.lineNumber()));
                continue;
            }
            String text;
            try {
                text = r.text();
            } catch (CharacterCodingException e) {
                sink.deadLetter(DeadLetter.of(type, "invalid_utf8: the line is not valid UTF-8", b, off, len, source,
                        r.lineNumber(), r.offset()));
                continue;
            }
            try {
                handler.line(text, b, off, len, r.lineNumber(), r.offset());
            } catch (RuntimeException e) {
                sink.deadLetter(DeadLetter.of(type, "parser_error: " + e, b, off, len, source, r.lineNumber(), r.offset()));
            }
        }
    }
}
