package io.siemflink.parsers.io;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Splits a byte stream into lines (LF or CRLF) without decoding: the last line counts even without a trailing
 * newline, a line longer than the cap is reported (with its first bytes) instead of buffered whole, and
 * corrupt input ends the stream with a final report instead of an exception.
 *
 * <p>After {@link #next()} returns true exactly one of these holds: a normal line ({@link #buffer()},
 * {@link #start()}, {@link #length()}); {@link #tooLong()}; or {@link #corrupt()} (the bytes read before the
 * corruption, possibly none), after which {@code next()} returns false.
 */
public final class LineReader {
    private final InputStream in;
    private final int maxLine;
    private byte[] buf;
    private int pos;
    private int limit;
    private boolean eof;
    private String corruptReason;
    private boolean done;

    private int lineStart;
    private int lineLen;
    private long lineNo;
    private long lineOffset;
    private long consumed; // bytes of the stream before buf[0]
    private boolean tooLong;
    private long tooLongLength;
    private boolean corrupt;

    private CharsetDecoder decoder;

    public LineReader(InputStream in, int maxLineBytes) {
        this.in = in;
        this.maxLine = maxLineBytes;
        this.buf = new byte[Math.min(Math.max(maxLineBytes, 1024), 64 * 1024) + 1];
    }

    public boolean next() throws IOException {
        if (done) {
            return false;
        }
        tooLong = false;
        corrupt = false;
        int scan = pos;
        while (true) {
            int nl = indexOf(buf, scan, limit);
            if (nl >= 0) {
                emit(pos, nl - pos, nl + 1);
                return true;
            }
            scan = limit;
            if (limit - pos > maxLine) {
                return skipLongLine();
            }
            if (eof) {
                done = true;
                if (corruptReason != null) {
                    corrupt = true;
                    emit(pos, limit - pos, limit);
                    return true;
                }
                if (limit > pos) {
                    emit(pos, limit - pos, limit);
                    return true;
                }
                return false;
            }
            int scanned = scan - pos; // fill() may move the unread bytes to the front
            fill();
            scan = pos + scanned;
        }
    }

    private void emit(int start, int len, int nextPos) {
        lineNo++;
        lineOffset = consumed + start;
        int l = len;
        if (l > 0 && buf[start + l - 1] == '\r') {
            l--;
        }
        lineStart = start;
        lineLen = l;
        pos = nextPos;
    }

    /** Keeps the first maxLine bytes of an overlong line and discards the rest up to its newline. */
    private boolean skipLongLine() throws IOException {
        lineNo++;
        lineOffset = consumed + pos;
        byte[] head = Arrays.copyOfRange(buf, pos, pos + maxLine);
        long total = limit - pos;
        pos = limit;
        while (true) {
            fill();
            int nl = indexOf(buf, pos, limit);
            if (nl >= 0) {
                total += nl - pos;
                pos = nl + 1;
                break;
            }
            total += limit - pos;
            pos = limit;
            if (eof) {
                if (corruptReason != null) {
                    done = true; // the corruption is reported with this line's reason below
                }
                break;
            }
        }
        tooLong = true;
        tooLongLength = total;
        lineStart = 0;
        lineLen = head.length;
        // Park the head in a separate array so the buffer stays usable.
        headBuf = head;
        if (done) {
            corrupt = true;
        }
        return true;
    }

    private byte[] headBuf;

    private void fill() throws IOException {
        if (pos > 0) {
            int keep = limit - pos;
            System.arraycopy(buf, pos, buf, 0, keep);
            consumed += pos;
            limit = keep;
            pos = 0;
        }
        if (limit == buf.length) {
            buf = Arrays.copyOf(buf, Math.min(buf.length * 2, maxLine + 2 + buf.length));
        }
        try {
            int n = in.read(buf, limit, buf.length - limit);
            if (n < 0) {
                eof = true;
            } else {
                limit += n;
            }
        } catch (CorruptInputException e) {
            eof = true;
            corruptReason = e.getMessage();
        }
    }

    /** Eight bytes at a time as a little-endian long (standard VarHandle API). */
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

    /** Index of the first LF in {@code b[from, to)}, or -1. */
    static int indexOf(byte[] b, int from, int to) {
        int i = from;
        for (; i + 8 <= to; i += 8) {
            long w = (long) LONGS.get(b, i) ^ (ONES * '\n'); // LF bytes become zero
            // High bit of each zero byte (the classic "has zero byte" test). Bytes above a zero byte may be
            // flagged too, by the borrow, but the lowest flag (the first byte in memory) is always right.
            long zeros = (w - ONES) & ~w & HIGHS;
            if (zeros != 0) {
                return i + (Long.numberOfTrailingZeros(zeros) >>> 3);
            }
        }
        for (; i < to; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    public byte[] buffer() {
        return tooLong ? headBuf : buf;
    }

    public int start() {
        return lineStart;
    }

    public int length() {
        return lineLen;
    }

    /** 1-based line number. */
    public long lineNumber() {
        return lineNo;
    }

    /** Byte offset of the line's first byte in the stream. */
    public long offset() {
        return lineOffset;
    }

    /** The line exceeded the cap; {@link #buffer()} holds its first bytes and {@link #fullLength()} its size. */
    public boolean tooLong() {
        return tooLong;
    }

    public long fullLength() {
        return tooLong ? tooLongLength : lineLen;
    }

    /** The input broke off here; the line holds what was read before (maybe nothing). */
    public boolean corrupt() {
        return corrupt;
    }

    public String corruptReason() {
        return corruptReason;
    }

    public boolean isBlank() {
        byte[] b = buffer();
        for (int i = lineStart; i < lineStart + lineLen; i++) {
            if (b[i] != ' ' && b[i] != '\t') {
                return false;
            }
        }
        return true;
    }

    /**
     * The line as text; plain ASCII takes a copy-only fast path.
     *
     * @throws CharacterCodingException when the bytes are not valid UTF-8
     */
    public String text() throws CharacterCodingException {
        return decode(buffer(), lineStart, lineLen);
    }

    String decode(byte[] b, int off, int len) throws CharacterCodingException {
        // The JDK's UTF-8 constructor checks for ASCII with a vectorised intrinsic and then just copies. It
        // replaces malformed input instead of reporting it, but each replacement char stands for at least one
        // byte and every valid non-ASCII char for two or more: a result as long as the input without U+FFFD can
        // only come from ASCII. (On a Latin-1 coded result, indexOf of U+FFFD returns at once.)
        String s = new String(b, off, len, StandardCharsets.UTF_8);
        if (s.length() == len && s.indexOf('\uFFFD') < 0) {
            return s;
        }
        if (decoder == null) {
            decoder = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT);
        }
        return decoder.decode(ByteBuffer.wrap(b, off, len)).toString();
    }
}
