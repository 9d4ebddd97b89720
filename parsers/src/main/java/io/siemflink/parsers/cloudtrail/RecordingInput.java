package io.siemflink.parsers.cloudtrail;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Passes a stream through to the JSON parser while keeping the bytes from a moving mark onwards, so that the raw
 * text of each record (for {@code event.original}, dead letters and ids) can be cut out by the parser's byte
 * offsets without buffering the whole file. Memory stays at about one record plus the parser's read-ahead.
 */
final class RecordingInput extends InputStream implements ByteWindow {
    private final InputStream in;
    private byte[] buf = new byte[64 * 1024];
    private long base; // stream offset of buf[0]
    private int len;
    private long keepFrom;

    RecordingInput(InputStream in) {
        this.in = in;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int n) throws IOException {
        int r = in.read(b, off, n);
        if (r > 0) {
            append(b, off, r);
        }
        return r;
    }

    private void append(byte[] b, int off, int n) {
        int drop = (int) Math.min(len, Math.max(0, keepFrom - base));
        if (drop > 0 && (len + n > buf.length || drop >= buf.length / 2)) {
            System.arraycopy(buf, drop, buf, 0, len - drop);
            len -= drop;
            base += drop;
        }
        if (len + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
        }
        System.arraycopy(b, off, buf, len, n);
        len += n;
    }

    /** The underlying stream, for draining what is left after a fatal syntax error. */
    InputStream source() {
        return in;
    }

    @Override
    public void keepFrom(long offset) {
        keepFrom = Math.max(keepFrom, offset);
    }

    @Override
    public byte[] array() {
        return buf;
    }

    @Override
    public int index(long offset) {
        return (int) (offset - base);
    }

    @Override
    public int end() {
        return len;
    }
}
