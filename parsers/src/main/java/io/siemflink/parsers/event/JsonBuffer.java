package io.siemflink.parsers.event;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CoderResult;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable byte buffer that writes JSON tokens as UTF-8: the hot path of every document we produce.
 *
 * <p>Faster than a general-purpose generator for our shape of output: field names arrive pre-encoded, there is
 * no generator state to check, and plain ASCII runs are copied by a tight loop. Lone surrogates are written as
 * {@code \\uXXXX} escapes, so any Java string gives valid JSON.
 */
public final class JsonBuffer {
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    /** 0: copy; otherwise the escape letter, or 'u' for \\u00XX. */
    private static final byte[] ESCAPE = new byte[128];

    static {
        for (int i = 0; i < 0x20; i++) {
            ESCAPE[i] = 'u';
        }
        ESCAPE['"'] = '"';
        ESCAPE['\\'] = '\\';
        ESCAPE['\n'] = 'n';
        ESCAPE['\r'] = 'r';
        ESCAPE['\t'] = 't';
        ESCAPE['\b'] = 'b';
        ESCAPE['\f'] = 'f';
    }

    private byte[] buf;
    private int len;

    public JsonBuffer() {
        this(1024);
    }

    public JsonBuffer(int capacity) {
        buf = new byte[capacity];
    }

    public void reset() {
        len = 0;
    }

    public int length() {
        return len;
    }

    public byte[] array() {
        return buf;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, len);
    }

    public void writeTo(OutputStream out) throws IOException {
        out.write(buf, 0, len);
    }

    private void ensure(int more) {
        if (len + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
        }
    }

    public JsonBuffer raw(byte b) {
        ensure(1);
        buf[len++] = b;
        return this;
    }

    public JsonBuffer raw(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, buf, len, b.length);
        len += b.length;
        return this;
    }

    public JsonBuffer raw(byte[] b, int off, int n) {
        ensure(n);
        System.arraycopy(b, off, buf, len, n);
        len += n;
        return this;
    }

    /** Raw UTF-8 of text that is already JSON. */
    public JsonBuffer rawJson(String json) {
        return rawUtf8(json, 0);
    }

    public JsonBuffer bool(boolean v) {
        return raw(v ? TRUE : FALSE);
    }

    private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};
    private static final byte[] NULL = {'n', 'u', 'l', 'l'};

    public JsonBuffer number(long v) {
        if (v == Long.MIN_VALUE) {
            return ascii(Long.toString(v));
        }
        ensure(20);
        byte[] b = buf;
        int p = len;
        if (v < 0) {
            b[p++] = '-';
            v = -v;
        }
        int end = p + digitCount(v);
        int i = end;
        // Two digits per division, and int arithmetic once the rest fits: ports, sizes and status codes.
        while (v > Integer.MAX_VALUE) {
            int r = (int) (v % 100);
            v /= 100;
            b[--i] = (byte) ('0' + r % 10);
            b[--i] = (byte) ('0' + r / 10);
        }
        int w = (int) v;
        while (w >= 100) {
            int r = w % 100;
            w /= 100;
            b[--i] = (byte) ('0' + r % 10);
            b[--i] = (byte) ('0' + r / 10);
        }
        if (w >= 10) {
            b[--i] = (byte) ('0' + w % 10);
            b[--i] = (byte) ('0' + w / 10);
        } else {
            b[--i] = (byte) ('0' + w);
        }
        len = end;
        return this;
    }

    private static final long[] POWERS = {1L, 10L, 100L, 1_000L, 10_000L, 100_000L, 1_000_000L, 10_000_000L,
        100_000_000L, 1_000_000_000L, 10_000_000_000L, 100_000_000_000L, 1_000_000_000_000L, 10_000_000_000_000L,
        100_000_000_000_000L, 1_000_000_000_000_000L, 10_000_000_000_000_000L, 100_000_000_000_000_000L,
        1_000_000_000_000_000_000L};

    /** Decimal digits of a non-negative long. */
    static int digitCount(long v) {
        int d = 1;
        while (d < POWERS.length && v >= POWERS[d]) {
            d++;
        }
        return d;
    }

    /** Finite doubles as Java prints them (valid JSON); NaN and infinities, which JSON lacks, as null. */
    public JsonBuffer number(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return raw(NULL);
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            number((long) v);
            return ascii(".0");
        }
        return raw(DoubleTexts.of(v));
    }

    /**
     * {@link Double#toString} as ASCII bytes for recently written values. JDK 17's Double.toString is slow
     * (and allocates), and the doubles we write repeat a lot: ALB processing times have three decimals. A
     * direct-mapped table shared by all threads; entries are immutable, so a racy read sees a whole entry.
     */
    private static final class DoubleTexts {
        private static final int SLOTS = 1024;
        private static final DoubleText[] TABLE = new DoubleText[SLOTS];

        private record DoubleText(long bits, byte[] text) {
        }

        static byte[] of(double v) {
            long bits = Double.doubleToRawLongBits(v);
            int h = (int) (bits ^ (bits >>> 32));
            h ^= h >>> 16;
            int slot = (h ^ (h >>> 8)) & (SLOTS - 1);
            DoubleText e = TABLE[slot];
            if (e != null && e.bits == bits) {
                return e.text;
            }
            byte[] text = Double.toString(v).getBytes(StandardCharsets.US_ASCII);
            TABLE[slot] = new DoubleText(bits, text);
            return text;
        }
    }

    /** A {@link Timestamp} as a quoted ISO string, formatted straight into the buffer (it is ASCII: no escaping). */
    public JsonBuffer timestamp(Timestamp t) {
        String iso = t.isoIfFormatted();
        if (iso != null) {
            return quotedAscii(iso);
        }
        ensure(Timestamp.MAX_ISO_LENGTH + 2);
        int p = len;
        buf[p] = '"';
        p = t.formatIso(buf, p + 1); // may throw; len is only moved once the text is complete
        buf[p++] = '"';
        len = p;
        return this;
    }

    /** A quoted string that the caller knows is ASCII without characters to escape: a bulk copy. */
    @SuppressWarnings("deprecation")
    private JsonBuffer quotedAscii(String s) {
        int n = s.length();
        ensure(n + 2);
        buf[len++] = '"';
        s.getBytes(0, n, buf, len); // the low byte of each char: exact for ASCII
        len += n;
        buf[len++] = '"';
        return this;
    }

    @SuppressWarnings("deprecation")
    private JsonBuffer ascii(String s) {
        int n = s.length();
        ensure(n);
        s.getBytes(0, n, buf, len);
        len += n;
        return this;
    }

    /** A quoted, escaped JSON string. */
    public JsonBuffer string(String s) {
        int n = s.length();
        ensure(n + 2);
        buf[len++] = '"';
        int i = n >= BULK_MIN ? bulkPlain(s, n) : 0;
        if (i < n) {
            byte[] b = buf;
            int p = len;
            for (; i < n; i++) {
                char c = s.charAt(i);
                if (c >= 0x80 || ESCAPE[c] != 0) {
                    break;
                }
                b[p++] = (byte) c;
            }
            len = p;
            if (i < n) {
                escapeFrom(s, i);
            }
        }
        ensure(1);
        buf[len++] = '"';
        return this;
    }

    /*
     * The bulk path for longer strings (event.original is a whole log line). A char-by-char loop costs about
     * a nanosecond per char; three vectorised passes cost a fraction of that: String.getChars (the JDK
     * inflates Latin-1 text with an intrinsic), the ISO-8859-1 encoder from a char[] into our byte[] (an
     * intrinsic that stops at the first char above 0xFF), and a word-at-a-time scan of the bytes for anything
     * that is not plain ASCII to copy (controls, quote, backslash, 0x80-0xFF). The encoder is what makes this
     * correct for every string: a bare String.getBytes(int, int, byte[], int) would drop the high byte of
     * chars above 0xFF. Below BULK_MIN chars the fixed costs outweigh the gain.
     */
    private static final int BULK_MIN = 32;
    private static final int BULK_CHUNK = 4096;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

    private char[] chars;
    private CharBuffer charView;
    private ByteBuffer byteView;
    private CharsetEncoder latin1;

    /**
     * Writes the longest prefix of {@code s} made of whole chunks of plain ASCII (nothing to escape) at
     * {@code len}, moves {@code len} past it and returns its length in chars; the caller writes the rest.
     */
    private int bulkPlain(String s, int n) {
        if (latin1 == null) {
            chars = new char[BULK_CHUNK];
            charView = CharBuffer.wrap(chars);
            latin1 = StandardCharsets.ISO_8859_1.newEncoder(); // reports unmappable chars (the default)
        }
        if (byteView == null || byteView.array() != buf) {
            byteView = ByteBuffer.wrap(buf);
        }
        int from = 0;
        while (from < n) {
            int m = Math.min(BULK_CHUNK, n - from);
            s.getChars(from, from + m, chars, 0);
            charView.clear().limit(m);
            byteView.clear().position(len).limit(len + m);
            latin1.reset();
            CoderResult r = latin1.encode(charView, byteView, true);
            if (!r.isUnderflow() || charView.hasRemaining() || !plainAscii(buf, len, m)) {
                return from; // this chunk has something to escape or encode: char by char from here
            }
            len += m;
            from += m;
        }
        return n;
    }

    /** True when {@code b[off, off+n)} is all printable ASCII other than quote and backslash (0x20-0x7F). */
    static boolean plainAscii(byte[] b, int off, int n) {
        int i = off;
        int end = off + n;
        for (; i + 8 <= end; i += 8) {
            long w = (long) LONGS.get(b, i);
            // Per byte, the high bit of (x - k) & ~x is set when x < k (for x < 0x80); XOR first turns
            // "equals c" into "is zero", which is "< 1". A byte >= 0x80 shows in w itself.
            long low = w - ONES * 0x20;
            long quote = (w ^ (ONES * '"')) - ONES;
            long backslash = (w ^ (ONES * '\\')) - ONES;
            if (((((low | quote | backslash) & ~w) | w) & HIGHS) != 0) {
                return false;
            }
        }
        for (; i < end; i++) {
            byte c = b[i];
            if (c < 0 || ESCAPE[c] != 0) {
                return false;
            }
        }
        return true;
    }

    private void escapeFrom(String s, int from) {
        int n = s.length();
        for (int i = from; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                byte e = ESCAPE[c];
                if (e == 0) {
                    ensure(1);
                    buf[len++] = (byte) c;
                } else if (e == 'u') {
                    unicodeEscape(c);
                } else {
                    ensure(2);
                    buf[len++] = '\\';
                    buf[len++] = e;
                }
            } else if (c < 0x800) {
                ensure(2);
                buf[len++] = (byte) (0xC0 | (c >> 6));
                buf[len++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                ensure(4);
                buf[len++] = (byte) (0xF0 | (cp >> 18));
                buf[len++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                buf[len++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                buf[len++] = (byte) (0x80 | (cp & 0x3F));
            } else if (Character.isSurrogate(c)) {
                unicodeEscape(c); // a lone surrogate has no UTF-8 form
            } else {
                ensure(3);
                buf[len++] = (byte) (0xE0 | (c >> 12));
                buf[len++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                buf[len++] = (byte) (0x80 | (c & 0x3F));
            }
        }
    }

    private void unicodeEscape(char c) {
        ensure(6);
        buf[len++] = '\\';
        buf[len++] = 'u';
        buf[len++] = HEX[(c >> 12) & 0xF];
        buf[len++] = HEX[(c >> 8) & 0xF];
        buf[len++] = HEX[(c >> 4) & 0xF];
        buf[len++] = HEX[c & 0xF];
    }

    /** UTF-8 of text copied verbatim (no escaping): for RawJson. */
    @SuppressWarnings("deprecation")
    private JsonBuffer rawUtf8(String s, int from) {
        int n = s.length();
        ensure(n);
        s.getBytes(0, n, buf, len);
        int i = 0;
        while (i < n && s.charAt(i) < 0x80) {
            i++;
        }
        len += i;
        if (i < n) {
            byte[] rest = s.substring(i).getBytes(StandardCharsets.UTF_8);
            raw(rest);
        }
        return this;
    }
}
