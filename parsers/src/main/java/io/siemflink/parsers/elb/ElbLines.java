package io.siemflink.parsers.elb;

import io.siemflink.parsers.DeadLetter;
import io.siemflink.parsers.LogType;
import io.siemflink.parsers.ParseSink;
import io.siemflink.parsers.Skip;
import io.siemflink.parsers.SourceRef;
import io.siemflink.parsers.io.CorruptInputException;
import io.siemflink.parsers.io.Lines;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The line loop of {@link Lines#forEach}, with the same outcomes and reasons (blank line -> skip; overlong,
 * non-UTF-8, cut-off input and handler exceptions -> dead letters), over a splitter of its own.
 *
 * <p>Why not {@code Lines.forEach}: the core {@code LineReader} keeps scanning from a stale offset after it
 * compacts its buffer, so on any input larger than its 64 KiB buffer it skips newlines and hands over several
 * records as one line; for ELB the extra records then look like unknown trailing fields and vanish. Swap back to
 * {@code Lines.forEach} once the core is fixed: the handler and the outputs are the same.
 */
final class ElbLines {
    private static final int INITIAL = 64 * 1024;

    private final InputStream in;
    private final LogType type;
    private final SourceRef source;
    private final ParseSink sink;
    private final int maxLine;
    private final Lines.Handler handler;

    private byte[] buf = new byte[INITIAL];
    private int pos;
    private int limit;
    private int scan;
    private long base; // stream offset of buf[0]
    private long lineNo;
    private boolean eof;
    private String corrupt;
    private CharsetDecoder decoder;

    private ElbLines(InputStream in, LogType type, SourceRef source, ParseSink sink, int maxLine, Lines.Handler handler) {
        this.in = in;
        this.type = type;
        this.source = source;
        this.sink = sink;
        this.maxLine = maxLine;
        this.handler = handler;
    }

    static void forEach(InputStream in, LogType type, SourceRef source, ParseSink sink, int maxLine,
                        Lines.Handler handler) throws IOException {
        new ElbLines(in, type, source, sink, maxLine, handler).run();
    }

    private void run() throws IOException {
        while (true) {
            int nl = indexOf(buf, scan, limit);
            if (nl >= 0) {
                lineNo++;
                deliver(pos, nl - pos);
                pos = nl + 1;
                scan = pos;
                continue;
            }
            scan = limit;
            if (limit - pos > maxLine) {
                skipLongLine();
                if (eof && corrupt != null) {
                    return;
                }
                continue;
            }
            if (eof) {
                if (corrupt != null) {
                    lineNo++;
                    sink.deadLetter(DeadLetter.of(type, corrupt, buf, pos, limit - pos, source, lineNo, base + pos));
                } else if (limit > pos) {
                    lineNo++;
                    deliver(pos, limit - pos);
                }
                return;
            }
            if (pos > 0) {
                System.arraycopy(buf, pos, buf, 0, limit - pos);
                base += pos;
                limit -= pos;
                scan -= pos;
                pos = 0;
            }
            if (limit == buf.length) {
                buf = Arrays.copyOf(buf, (int) Math.min((long) buf.length * 2, (long) maxLine + 2));
            }
            read(limit);
        }
    }

    private int read(int at) throws IOException {
        try {
            int n = in.read(buf, at, buf.length - at);
            if (n < 0) {
                eof = true;
                return 0;
            }
            limit = at + n;
            return n;
        } catch (CorruptInputException e) {
            eof = true;
            corrupt = e.getMessage();
            return 0;
        }
    }

    /** Reports a line longer than the cap with its first bytes, and discards the rest up to its newline. */
    private void skipLongLine() throws IOException {
        lineNo++;
        long start = base + pos;
        byte[] head = Arrays.copyOfRange(buf, pos, pos + Math.min(limit - pos, DeadLetter.MAX_ORIGINAL_BYTES));
        long total = limit - pos;
        base += limit;
        pos = 0;
        limit = 0;
        scan = 0;
        while (!eof) {
            int n = read(0);
            int nl = indexOf(buf, 0, n);
            if (nl >= 0) {
                total += nl;
                pos = nl + 1;
                scan = pos;
                break;
            }
            total += n;
            base += n;
            limit = 0;
        }
        String reason = "too_long: line of " + total + " bytes exceeds the limit of " + maxLine;
        if (corrupt != null) {
            reason += "; then " + corrupt;
        }
        sink.deadLetter(new DeadLetter(type, reason, head, total, source, lineNo, start));
    }

    private void deliver(int off, int len) {
        if (len > 0 && buf[off + len - 1] == '\r') {
            len--;
        }
        long offset = base + off;
        if (isBlank(off, len)) {
            sink.skipped(new Skip(type, "blank_line", source, lineNo));
            return;
        }
        String text;
        try {
            text = decode(off, len);
        } catch (CharacterCodingException e) {
            sink.deadLetter(DeadLetter.of(type, "invalid_utf8: the line is not valid UTF-8", buf, off, len, source,
                    lineNo, offset));
            return;
        }
        try {
            handler.line(text, buf, off, len, lineNo, offset);
        } catch (RuntimeException e) {
            sink.deadLetter(DeadLetter.of(type, "parser_error: " + e, buf, off, len, source, lineNo, offset));
        }
    }

    private boolean isBlank(int off, int len) {
        for (int i = off; i < off + len; i++) {
            if (buf[i] != ' ' && buf[i] != '\t') {
                return false;
            }
        }
        return true;
    }

    private String decode(int off, int len) throws CharacterCodingException {
        for (int i = off; i < off + len; i++) {
            if (buf[i] < 0) {
                if (decoder == null) {
                    decoder = StandardCharsets.UTF_8.newDecoder()
                            .onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT);
                }
                return decoder.decode(ByteBuffer.wrap(buf, off, len)).toString();
            }
        }
        return new String(buf, off, len, StandardCharsets.ISO_8859_1);
    }

    private static int indexOf(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
