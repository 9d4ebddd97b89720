package io.siemflink.parsers.event;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * A growable byte buffer that writes JSON tokens as UTF-8: the hot path of every document we produce.
 *
 * <p>Faster than a general-purpose generator for our shape of output: field names arrive pre-encoded, there is
 * no generator state to check, and plain ASCII runs are copied by a tight loop. Lone surrogates are written as
 * {@code \\uXXXX} escapes, so any Java string gives valid JSON.
 */
public final class JsonBuffer {
    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
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
        if (v < 0) {
            buf[len++] = '-';
            v = -v;
        }
        int digits = 1;
        for (long x = v; x >= 10; x /= 10) {
            digits++;
        }
        int end = len + digits;
        for (int i = end - 1; i >= len; i--) {
            buf[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        len = end;
        return this;
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
        return ascii(Double.toString(v));
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
        byte[] b = buf;
        int p = len;
        b[p++] = '"';
        int i = 0;
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
        ensure(1);
        buf[len++] = '"';
        return this;
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
            byte[] rest = s.substring(i).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            raw(rest);
        }
        return this;
    }
}
